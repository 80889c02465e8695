import { createRequire } from 'node:module';
import type { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/**
 * Charts for the drafts: ECharts renders server-side to SVG (no DOM), `@resvg/resvg-js` turns the SVG into a PNG the
 * .docx embeds. The Chinese labels need a CJK font: Noto Sans SC from npm where it is installed, else the system's.
 */

const require = createRequire(import.meta.url);
/**
 * The rasteriser is a native addon: the Lambda bundles leave it out (esbuild cannot bundle a `.node` file), so it is
 * loaded when present and a draft without it simply carries no chart.
 */
function rasteriser(): typeof Resvg | undefined {
  try {
    return (require('@resvg/resvg-js') as { Resvg: typeof Resvg }).Resvg;
  } catch {
    return undefined;
  }
}
function cjkFont(): string[] {
  try {
    return [require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')];
  } catch {
    return [];
  }
}

export interface Series {
  name: string;
  values: (number | null)[];
}

/** A line chart of `series` over `labels` as a PNG of `width` × `height` pixels; undefined where no rasteriser is installed. */
export function lineChartPng(
  title: string,
  labels: string[],
  series: Series[],
  width = 600,
  height = 320,
): Buffer | undefined {
  const Rasteriser = rasteriser();
  if (!Rasteriser) return undefined;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    title: { text: title, left: 'center', textStyle: { fontSize: 14, fontFamily: 'Noto Sans SC' } },
    legend: { bottom: 0, textStyle: { fontFamily: 'Noto Sans SC' } },
    grid: { left: 50, right: 20, top: 40, bottom: 50 },
    xAxis: { type: 'category', data: labels, axisLabel: { fontFamily: 'Noto Sans SC' } },
    yAxis: { type: 'value' },
    series: series.map((s) => ({ type: 'line', name: s.name, data: s.values, connectNulls: true })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const fontFiles = cjkFont();
  const png = new Rasteriser(svg, {
    background: '#ffffff',
    font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: 'Noto Sans SC' },
  })
    .render()
    .asPng();
  return Buffer.from(png);
}
