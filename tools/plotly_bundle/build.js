// Build framing/templates/explore/plotly-explore.min.js: plotly.js's own esbuild settings
// (node_modules/plotly.js/esbuild-config.js) with our entry point, minified, licences kept at the end.
'use strict';
const path = require('path');
const esbuild = require('esbuild');
const { environmentPlugin } = require('esbuild-plugin-environment');
const { glsl } = require('esbuild-plugin-glsl');
const crypto = require('crypto');
const fs = require('fs');
const plotlyVersion = require('plotly.js/package.json').version;

// plotly.js's esbuild-plugin-inline-css, except that the <style> element's id hashes the CSS file's path
// relative to this folder (that plugin hashes the absolute path, so each checkout built different bytes).
const inlineCSS = {
  name: 'inline-css',
  setup(build) {
    build.onLoad({ filter: /\.css$/ }, (args) => {
      const id = crypto.createHash('sha256').update(path.relative(__dirname, args.path).split(path.sep).join('/')).digest('hex');
      const css = JSON.stringify(fs.readFileSync(args.path, 'utf8'));
      return {
        contents: `if (!document.getElementById('${id}')) { var e = document.createElement('style'); e.id = '${id}'; e.textContent = ${css}; document.head.appendChild(e); }`,
        loader: 'js',
      };
    });
  },
};

const outfile = process.argv[2] || path.join(__dirname, '..', '..', 'framing', 'templates', 'explore', 'plotly-explore.min.js');

esbuild
  .build({
    entryPoints: [path.join(__dirname, 'entry.js')],
    outfile: outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    sourcemap: false,
    // Every /*! and @license comment of plotly.js and its dependencies, gathered at the end of the file.
    legalComments: 'eof',
    banner: {
      js:
        '/**\n* plotly.js v' + plotlyVersion + ' (partial bundle: core, bar, scattergl; tools/plotly_bundle)\n' +
        '* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n* Licensed under the MIT license\n*/',
    },
    plugins: [inlineCSS, glsl({ minify: true }), environmentPlugin({ NODE_DEBUG: false })],
    alias: { regl: '@plotly/regl', stream: 'stream-browserify' },
    define: { global: 'window', 'define.amd': 'false' },
    target: 'es2016',
    logLevel: 'info',
  })
  .catch(() => process.exit(1));
