/** A date from the proxy's ISO string (or a timestamp); `null` for none. */
export const toDate = (value: string | number | null | undefined): Date | null =>
  value ? new Date(value) : null;
