// The explorer's plotly.js: the core (scatter, error bars, annotations) with only the two other trace
// types explore.js draws: bar (voice and frame shares) and scattergl (maps above 3,000 points, word
// charts above 20,000 terms). Any new trace type in explore.js must be registered here, then rebuilt.
'use strict';
var Plotly = require('plotly.js/lib/core');

Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/scattergl')]);

module.exports = Plotly;
