/**
 * Documents the product produces for people to keep (letters, the plan): a title, a
 * language and structured content, rendered as an accessible HTML page and as a tagged PDF with
 * its title and language set (WCAG 2.1 AA covers the PDFs a public service produces).
 *
 * Nothing a user wrote is ever evaluated: the Typst source is the fixed layout below, and the
 * content reaches it as JSON data (sys.inputs), where every string stays plain text.
 */
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { Language } from '../../forms/types.js';

export type DocumentLanguage = Language;

export type DocumentBlock =
  /** A section heading (level 2), or a sub-heading (level 3) within one. */
  | { readonly kind: 'heading'; readonly text: string; readonly level?: 2 | 3 }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  /** Label–value pairs, e.g. a case number or a coordinator's contact details. */
  | { readonly kind: 'fields'; readonly rows: readonly { readonly label: string; readonly value: string }[] };

export interface DocumentContent {
  readonly title: string;
  readonly language: DocumentLanguage;
  /** Who issues it (the PDF's author), e.g. the municipality. */
  readonly author: string;
  readonly blocks: readonly DocumentBlock[];
}

const layout = `
#let doc = json(bytes(sys.inputs.document))
#set document(title: doc.title, author: doc.author)
#set text(lang: doc.lang, region: doc.region, size: 11pt)
#set page(paper: "a4", margin: (x: 2.5cm, y: 2.5cm))
#set par(justify: false, spacing: 1em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 13pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#text(size: 10pt, doc.author)
#heading(level: 1, doc.title)
#for block in doc.blocks {
  if block.kind == "heading" {
    heading(level: block.at("level", default: 2), block.text)
  } else if block.kind == "paragraph" {
    for line in block.text.split("\\n") { par(line) }
  } else if block.kind == "list" {
    list(..block.items)
  } else if block.kind == "fields" {
    terms(..block.rows.map(row => terms.item(row.label, row.value)))
  }
}
`;

const regions: Record<DocumentLanguage, string> = { nb: 'NO', nn: 'NO', en: 'GB' };

let compiler: NodeCompiler | undefined;

/** The document as a tagged PDF (Typst), with the document's title and language in its metadata. */
export function renderPdf(content: DocumentContent): Buffer {
  compiler ??= NodeCompiler.create();
  const document = JSON.stringify({ title: content.title, author: content.author, lang: content.language, region: regions[content.language], blocks: content.blocks });
  try {
    return compiler.pdf({ mainFileContent: layout, inputs: { document } });
  } finally {
    // Each document is compiled once; keep the compiler's cache from growing with every letter.
    compiler.evictCache(10);
  }
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function blockHtml(block: DocumentBlock): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level ?? 2}>${escapeHtml(block.text)}</h${block.level ?? 2}>`;
    case 'paragraph':
      return block.text
        .split('\n')
        .map((line) => `<p>${escapeHtml(line)}</p>`)
        .join('\n');
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<dl>${block.rows.map((row) => `<dt>${escapeHtml(row.label)}</dt><dd>${escapeHtml(row.value)}</dd>`).join('')}</dl>`;
  }
}

/** The document as a complete HTML page (its own language and title), every text escaped. */
export function renderHtml(content: DocumentContent): string {
  return [
    '<!doctype html>',
    `<html lang="${content.language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(content.title)}</title></head>`,
    '<body>',
    `<p>${escapeHtml(content.author)}</p>`,
    `<h1>${escapeHtml(content.title)}</h1>`,
    ...content.blocks.map(blockHtml),
    '</body>',
    '</html>',
  ].join('\n');
}

/** The document's text only (paragraphs, list items, fields), for search and plain-text views. */
export function documentText(content: DocumentContent): string {
  return content.blocks
    .map((block) => {
      if (block.kind === 'heading' || block.kind === 'paragraph') return block.text;
      if (block.kind === 'list') return block.items.map((item) => `- ${item}`).join('\n');
      return block.rows.map((row) => `${row.label}: ${row.value}`).join('\n');
    })
    .join('\n\n');
}
