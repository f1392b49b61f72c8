// Types of tools/layout.js (plain JavaScript, because eslint.config.js reads it too).
export declare const NEUTRAL: string[];
export declare const NEUTRAL_MAY_NOT_IMPORT: { packages: string[]; folders: string[] };
