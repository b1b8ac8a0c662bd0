// The order page: a countdown to the order's expiry, and a poll that asks our
// server (never the provider) every two seconds whether the order is paid;
// when it is, go back to what was bought, at the place the reader left.
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
  var back = box.getAttribute('data-return')
  var clock = document.querySelector('[data-seconds-left]')
  if (clock) {
    // counted from the server's own figure, so a phone whose clock is wrong still counts right
    var ends = Date.now() + 1000 * Number(clock.getAttribute('data-seconds-left'))
    var words = clock.getAttribute('data-left-text')
    var tick = function () {
      var left = Math.max(0, Math.round((ends - Date.now()) / 1000))
      var m = Math.floor(left / 60)
      var s = left % 60
      clock.textContent = words.replace('{0}', (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s)
      if (left === 0) { setTimeout(function () { location.reload() }, 1500); return }
      setTimeout(tick, 1000)
    }
    tick()
  }
  var tries = 0
  function poll() {
    if (++tries > 900) return
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null })
      .then(function (s) {
        if (s && s.state === 'paid') { location.href = back || s.returnUrl; return }
        if (s && s.state !== 'created') { location.reload(); return }
        setTimeout(poll, 2000)
      })
      .catch(function () { setTimeout(poll, 4000) })
  }
  setTimeout(poll, 1500)
})()
