export interface ConfigIssue {
  /** The bad field, e.g. `widgets[0].hours.weekly.mon[1]`. */
  path: string;
  message: string;
}

/** The configuration cannot be used; `issues` names every bad field. */
export class RingbackConfigError extends Error {
  override readonly name = 'RingbackConfigError';
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(
      `Invalid Ringback configuration:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}
