// Typeahead for every search box marked data-suggest: titles and tags from
// /api/v1/search/suggest while typing. The page works without it.
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
