// Starts the spreadlab-worker wasm (built by trunk as a no-modules web worker).
importScripts('./spreadlab-worker.js');
wasm_bindgen({ module_or_path: './spreadlab-worker_bg.wasm' });
