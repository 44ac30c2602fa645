// Preloaded with `node --import` where /usr/bin/time is missing: on exit, reports the process's own peak
// resident memory (getrusage ru_maxrss, kilobytes) on stderr, where peak-memory.ts reads it.
import { MAX_RSS_MARKER } from './peak-memory.js';

process.on('exit', () => process.stderr.write(`\n${MAX_RSS_MARKER}${process.resourceUsage().maxRSS}\n`));
