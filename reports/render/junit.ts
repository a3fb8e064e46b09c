import { XMLBuilder } from 'fast-xml-parser';
import type { Verdict } from '../verdict/verdict.js';
import { checkLine, regressionLine } from './verdict-lines.js';

/**
 * junit.xml for CI systems: one test suite, a test case per assertion and client (and per
 * baseline comparison); an error-level breach is a `<failure>`, a warn-level one passes with the
 * line in `<system-out>` (JUnit has no warning state). Built with fast-xml-parser, which escapes.
 */
export function junitXml(verdict: Verdict, name = 'llhls'): string {
  const cases = [
    ...verdict.checks.map((c) => ({
      '@_name': `${c.assertion} [${[c.run, c.client].filter((x) => x !== null).join(' ')}]`,
      '@_classname': `llhls.${c.level === 'warn' ? 'warn' : 'assert'}`,
      ...(c.ok
        ? { 'system-out': checkLine(c) }
        : c.level === 'warn'
          ? { 'system-out': `warning: ${checkLine(c)}` }
          : { failure: { '@_message': checkLine(c), '@_type': 'breach', '#text': checkLine(c) } }),
    })),
    ...verdict.regressions.map((r) => ({
      '@_name': `${r.client} ${r.metric} p${r.p} vs baseline ${r.baseline} [${r.run}]`,
      '@_classname': 'llhls.baseline',
      ...(r.ok
        ? { 'system-out': regressionLine(r) }
        : {
            failure: { '@_message': regressionLine(r), '@_type': 'regression', '#text': regressionLine(r) },
          }),
    })),
  ];
  const failures = verdict.breaches;
  const builder = new XMLBuilder({ ignoreAttributes: false, format: true, suppressEmptyNode: true });
  const body = builder.build({
    testsuites: {
      '@_name': name,
      '@_tests': cases.length,
      '@_failures': failures,
      testsuite: {
        '@_name': name,
        '@_tests': cases.length,
        '@_failures': failures,
        '@_errors': 0,
        testcase: cases,
      },
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
