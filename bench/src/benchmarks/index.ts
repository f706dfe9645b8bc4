import type { Benchmark } from '../lib/benchmark.js';
import { callbackIngest } from './callbackIngest.js';
import { createCall } from './createCall.js';
import { operatorQueries } from './operatorQueries.js';
import { refusals } from './refusals.js';
import { simulator } from './simulator.js';
import { sseFanout } from './sseFanout.js';
import { widgetRender } from './widgetRender.js';
import { widgetSize } from './widgetSize.js';

/** Every benchmark, in the order of results.md. */
export const BENCHMARKS: Benchmark[] = [
  createCall,
  refusals,
  callbackIngest,
  sseFanout,
  widgetSize,
  widgetRender,
  simulator,
  operatorQueries,
] as Benchmark[];
