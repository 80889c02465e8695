import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { lineChartPng } from '#shared/reports/chart';
import { governmentDocument, heading1, image, para, table } from '#shared/reports/layout';

describe('drafted documents (M19): the GB/T 9704 layout and the trajectory chart', () => {
  it('draws a line chart server-side as a PNG and embeds it in a government document with its title block', async () => {
    const png = lineChartPng(
      '广州市绩效监控趋势',
      ['2026年3月31日', '2026年6月30日'],
      [{ name: '参保率', values: [95.5, 97] }],
    );
    if (!png) throw new Error('the rasteriser is a dev dependency here and must load');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const buf = await governmentDocument({
      title: '广州市2026年度绩效自评报告',
      issuer: '广州市',
      date: '2027年3月1日',
      body: [
        heading1('一、基本情况'),
        para('正文。'),
        table(['指标', '目标值'], [['参保率', '≥95%']]),
        image(png, 600, 320, '趋势'),
      ],
    });
    const zip = await JSZip.loadAsync(buf);
    expect(Object.keys(zip.files).some((n) => /^word\/media\/.+\.png$/.test(n))).toBe(true);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain('w:w="11906"'); // A4
    expect(xml).toContain('方正小标宋简体');
    expect(xml).toContain('黑体');
    const text = (await mammoth.extractRawText({ buffer: buf })).value;
    for (const s of ['广州市2026年度绩效自评报告', '2027年3月1日', '一、基本情况', '参保率', '≥95%'])
      expect(text).toContain(s);
  });
});
