// flatgrad report: lays out the computational graph with Graphviz (viz.js, WebAssembly, loaded
// from assets/ beside the page, so it works offline), and links each value of the graph to its
// name and its adjoint's name in the sources. No framework.
(function () {
  'use strict';
  var holder = document.getElementById('graph');
  var source = document.getElementById('graph-dot');

  function valueOf(node) {
    // Node ids are v:<name>:<n> (GraphDot).
    var parts = (node.id || '').split(':');
    return parts.length === 3 && parts[0] === 'v' ? parts[1] : null;
  }

  function highlight(value, on) {
    document.querySelectorAll('[data-v]').forEach(function (el) {
      if (el.getAttribute('data-v') === value) el.classList.toggle('hl', on);
    });
    if (holder) {
      holder.querySelectorAll('g.node').forEach(function (g) {
        if (valueOf(g) === value) g.classList.toggle('hl', on);
      });
    }
  }

  function link(svg) {
    svg.querySelectorAll('g.node').forEach(function (g) {
      var value = valueOf(g);
      if (!value) return;
      g.addEventListener('mouseenter', function () { highlight(value, true); });
      g.addEventListener('mouseleave', function () { highlight(value, false); });
    });
  }

  document.querySelectorAll('[data-v]').forEach(function (el) {
    var value = el.getAttribute('data-v');
    el.addEventListener('mouseenter', function () { highlight(value, true); });
    el.addEventListener('mouseleave', function () { highlight(value, false); });
  });

  function fail(message) {
    holder.innerHTML = '';
    var p = document.createElement('p');
    p.className = 'error';
    p.textContent = 'The graph could not be drawn here (' + message + '). Its DOT source:';
    holder.appendChild(p);
    source.hidden = false;
    holder.appendChild(source);
  }

  if (!holder || !source || holder.getAttribute('data-empty') === 'true') return;
  if (typeof Viz === 'undefined') {
    fail('assets/viz-global.js did not load');
    return;
  }
  Viz.instance().then(function (viz) {
    var svg = viz.renderSVGElement(source.textContent);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'computational graph');
    holder.replaceChildren(svg);
    holder.setAttribute('data-rendered', 'true');
    link(svg);
  }).catch(function (e) {
    fail(String(e && e.message ? e.message : e));
  });
})();
