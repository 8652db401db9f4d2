// The version reported in summary.json and by the CLI (kept equal to package.json's by a test).
export const VERSION = '0.1.0'
