// The small behaviours of every page; each works without the others, and the
// page works without any of them.
// 1. Typeahead for every search box marked data-suggest: titles and tags from
//    /api/v1/search/suggest while typing.
(function () {
  'use strict'
  var boxes = document.querySelectorAll('input[data-suggest]')
  Array.prototype.forEach.call(boxes, function (input) {
    var list = document.createElement('ul')
    list.className = 'suggest'
    list.hidden = true
    list.setAttribute('role', 'listbox')
    input.parentNode.appendChild(list)
    var timer = 0
    var seq = 0
    function clear() { list.hidden = true; list.textContent = '' }
    function item(text, url, kind) {
      var li = document.createElement('li')
      var a = document.createElement('a')
      a.href = url
      a.textContent = text
      if (kind) a.className = kind
      li.appendChild(a)
      list.appendChild(li)
    }
    input.addEventListener('input', function () {
      clearTimeout(timer)
      var q = input.value.trim()
      if (!q) return clear()
      timer = setTimeout(function () {
        var mine = ++seq
        fetch('/api/v1/search/suggest?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null })
          .then(function (data) {
            if (!data || mine !== seq) return
            list.textContent = ''
            data.tags.forEach(function (t) { item('#' + t.name, t.url, 'tag') })
            data.titles.forEach(function (t) { item(t.title, t.url, '') })
            list.hidden = list.children.length === 0
          })
          .catch(clear)
      }, 150)
    })
    input.addEventListener('keydown', function (e) { if (e.key === 'Escape') clear() })
    document.addEventListener('click', function (e) { if (!input.parentNode.contains(e.target)) clear() })
  })
})()

// 2. The header's account menu greets a signed-in reader by name. Pages are one
//    cached copy for everyone, so the name comes from the ig_name cookie set at
//    sign-in (it grants nothing: the session cookie is HttpOnly).
;(function () {
  'use strict'
  var summary = document.querySelector('.account-menu summary[data-hello]')
  if (!summary) return
  var m = /(?:^|;\s*)ig_name=([^;]+)/.exec(document.cookie)
  if (!m) return
  var name
  try { name = decodeURIComponent(m[1]) } catch { return }
  summary.textContent = summary.getAttribute('data-hello').replace('{name}', name)
  Array.prototype.forEach.call(document.querySelectorAll('.account-menu [data-guest]'), function (a) { a.hidden = true })
  Array.prototype.forEach.call(document.querySelectorAll('.account-menu [data-member]'), function (a) { a.hidden = false })
})()

// 3. Copy buttons (data-copy): an order number, whole, to the clipboard.
;(function () {
  'use strict'
  document.addEventListener('click', function (e) {
    var button = e.target.closest && e.target.closest('button[data-copy]')
    if (!button || !navigator.clipboard) return
    navigator.clipboard.writeText(button.getAttribute('data-copy')).then(function () {
      var before = button.textContent
      button.textContent = button.getAttribute('data-copied')
      setTimeout(function () { button.textContent = before }, 1500)
    })
  })
})()

// 4. The channel bar scrolls sideways on a phone when its channels do not fit:
//    say so (.scrolls shows a fading edge with a chevron) only when it does.
;(function () {
  'use strict'
  var nav = document.querySelector('.nav')
  var inner = nav && nav.querySelector('.nav-inner')
  if (!inner) return
  function mark() { nav.classList.toggle('scrolls', inner.scrollWidth > inner.clientWidth + 1) }
  mark()
  window.addEventListener('resize', mark, { passive: true })
})()
