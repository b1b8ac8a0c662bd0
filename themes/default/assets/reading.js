// The bottom buy bar of a post with a paywall card: it appears once the reader
// is into the preview (half a screen down) and hides while the card itself is
// in view. The page works without it: the banner and the card link to the cashier.
;(function () {
  'use strict'
  var card = document.getElementById('paywall')
  var bar = card && document.querySelector('.buy-bar')
  if (!bar || !('IntersectionObserver' in window)) return
  var into = false
  var cardInView = false
  function update() {
    bar.hidden = !into || cardInView
  }
  function onScroll() {
    if (into || window.scrollY < window.innerHeight / 2) return
    into = true
    update()
  }
  window.addEventListener('scroll', onScroll, { passive: true })
  new IntersectionObserver(function (entries) {
    cardInView = entries[entries.length - 1].isIntersecting
    update()
  }).observe(card)
  onScroll()
})()
