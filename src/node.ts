/**
 * mlpkit/node: the parts that need Node.js — reading CSV files and the bundled data sets.
 * Everything in the main entry is re-exported too, so one import serves a Node program.
 */
export * from './index.js';
export * from './data/node/index.js';
