/** Numbers as the report shows them; '–' for what was not measured. */
export const ms = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(0)}`);
export const x = (v: number | undefined): string => (v === undefined ? '–' : `${v.toFixed(2)}×`);
export const mb = (v: number | undefined): string => (v === undefined ? '–' : v.toFixed(1));
export const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
