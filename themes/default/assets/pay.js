// The cashier's poll: while an order waits for payment, ask our server every
// two seconds (never the provider); when it is paid, go back to what was bought.
(function () {
  // inside WeChat (JSAPI): hand the signed parameters to WeChat's own payment sheet; its "ok" proves nothing,
  // the poll below waits for our server to hear from WeChat Pay
  var jsapi = document.querySelector('[data-jsapi]')
  if (jsapi) {
    var params = JSON.parse(jsapi.getAttribute('data-jsapi'))
    var open = function () { window.WeixinJSBridge.invoke('getBrandWCPayRequest', params, function () {}) }
    if (window.WeixinJSBridge) open()
    else document.addEventListener('WeixinJSBridgeReady', open, false)
  }
  var box = document.querySelector('[data-order-status]')
  if (!box || box.getAttribute('data-state') !== 'created') return
  var url = box.getAttribute('data-order-status')
  var tries = 0
  function poll() {
    if (++tries > 900) return
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null })
      .then(function (s) {
        if (s && s.state === 'paid') { location.href = s.returnUrl; return }
        if (s && s.state !== 'created') { location.reload(); return }
        setTimeout(poll, 2000)
      })
      .catch(function () { setTimeout(poll, 4000) })
  }
  setTimeout(poll, 1500)
})()
