/** Types for asciichart 1.5 (the package ships none). */
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    min?: number;
    max?: number;
    offset?: number;
    padding?: string;
    colors?: (string | undefined)[];
    format?: (value: number, index: number) => string;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const blue: string;
  export const green: string;
  export const yellow: string;
  export const magenta: string;
  export const cyan: string;
  export const red: string;
  export const darkgray: string;
  export const reset: string;
  const asciichart: {
    plot: typeof plot;
    blue: string;
    green: string;
    yellow: string;
    magenta: string;
    cyan: string;
    red: string;
    darkgray: string;
    reset: string;
  };
  export default asciichart;
}
