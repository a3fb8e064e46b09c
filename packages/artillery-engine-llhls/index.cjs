// Artillery loads `artillery-engine-<name>` and constructs its export: the engine class.
module.exports = require('./dist/engine.cjs').LlhlsEngine;
