import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';

/**
 * The layout of a government document (GB/T 9704-2012 党政机关公文格式) for the drafts the system writes with `docx`:
 * A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 方正小标宋简体 二号 (22 pt, 黑体 where
 * the font is absent), the body in 仿宋_GB2312 三号 (16 pt), first-level headings 黑体, second-level 楷体_GB2312;
 * the 发文机关 and the date (`2026年12月31日`) under the title; the page number `— 1 —` in the footer (四号 宋体).
 * People download the draft, edit it in their word processor and upload the official version.
 */

const MM = 56.7; // twips per millimetre
const PT = 2; // half-points per point
const BODY = 16 * PT; // 三号
const TITLE = 22 * PT; // 二号
const SMALL = 12 * PT; // tables: 小四

const font = (name: string) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: name, cs: name });
const FANGSONG = font('仿宋_GB2312');
const HEITI = font('黑体');
const KAITI = font('楷体_GB2312');
const TITLE_FONT = font('方正小标宋简体');

export type Block = Paragraph | Table;

/** A body paragraph: 仿宋 三号, first line indented two characters, fixed 28 pt lines. */
export const para = (text: string): Paragraph =>
  new Paragraph({
    indent: { firstLine: 2 * BODY * 10 },
    spacing: { line: 560, lineRule: 'exact' },
    alignment: AlignmentType.JUSTIFIED,
    children: [new TextRun({ text, font: FANGSONG, size: BODY })],
  });

/** 一、… (黑体). */
export const heading1 = (text: string): Paragraph =>
  new Paragraph({
    indent: { firstLine: 2 * BODY * 10 },
    spacing: { line: 560, lineRule: 'exact' },
    children: [new TextRun({ text, font: HEITI, size: BODY })],
  });

/** （一）… (楷体_GB2312). */
export const heading2 = (text: string): Paragraph =>
  new Paragraph({
    indent: { firstLine: 2 * BODY * 10 },
    spacing: { line: 560, lineRule: 'exact' },
    children: [new TextRun({ text, font: KAITI, size: BODY })],
  });

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: cellBorder, bottom: cellBorder, left: cellBorder, right: cellBorder };

const cell = (text: string, bold = false) =>
  new TableCell({
    borders,
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ text, font: bold ? HEITI : FANGSONG, size: SMALL })],
      }),
    ],
  });

/** A table with a header row (黑体) and its rows (仿宋 小四), the full text width. */
export const table = (header: string[], rows: string[][]): Table =>
  new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
    ],
  });

/** A PNG image, centred, `width` × `height` pixels (96 dpi), with its caption as alternative text. */
export const image = (png: Buffer, width: number, height: number, caption: string): Paragraph =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        transformation: { width, height },
        altText: { name: caption, description: caption, title: caption },
      }),
    ],
  });

export interface GovernmentDocument {
  /** 标题 */
  title: string;
  /** 发文机关 */
  issuer: string;
  /** 成文日期, `2026年12月31日` */
  date: string;
  body: Block[];
}

/** The .docx of a government document: title block, body, `— n —` page numbers. */
export function governmentDocument(doc: GovernmentDocument): Promise<Buffer> {
  const titleBlock = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 400, line: 700, lineRule: 'exact' },
      children: [new TextRun({ text: doc.title, font: TITLE_FONT, size: TITLE })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: doc.issuer, font: KAITI, size: BODY })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 560 },
      children: [new TextRun({ text: doc.date, font: FANGSONG, size: BODY })],
    }),
  ];
  const footer = new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font('宋体'), size: 14 * PT })],
      }),
    ],
  });
  const document = new Document({
    creator: 'sifpm',
    title: doc.title,
    styles: { default: { document: { run: { font: FANGSONG, size: BODY } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 }, // A4 in twips
            margin: {
              top: Math.round(37 * MM),
              bottom: Math.round(35 * MM),
              left: Math.round(28 * MM),
              right: Math.round(26 * MM),
              // the page number 7 mm below the type area: 35 − 7 = 28 mm from the bottom edge
              footer: Math.round(28 * MM),
            },
          },
        },
        footers: { default: footer },
        children: [...titleBlock, ...doc.body],
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The download's headers: the file's name in Chinese (RFC 5987), an ASCII fallback. */
export function docxHeaders(nameZh: string, ascii: string): Record<string, string> {
  return {
    'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(nameZh)}`,
    'cache-control': 'no-store',
  };
}
