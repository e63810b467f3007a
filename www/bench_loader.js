// Starts the benchmark page's wasm (spreadlab-bench, built by trunk as a no-modules script)
// in place of the app; the app appends this script for #bench=1 and #bench=slider
// (src/web/bench_wasm.rs). The glue declares `wasm_bindgen` as a global of classic scripts,
// which only another classic script can call.
(function () {
  'use strict';
  var glue = document.createElement('script');
  glue.src = './spreadlab-bench.js';
  glue.onload = function () {
    wasm_bindgen({ module_or_path: './spreadlab-bench_bg.wasm' });
  };
  glue.onerror = function () {
    window.spreadlabCrash('cannot load the benchmark (spreadlab-bench.js)');
  };
  document.body.appendChild(glue);
})();
