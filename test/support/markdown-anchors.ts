/**
 * The anchors a Markdown document's headings get, as GitHub renders them: the heading's text in lower
 * case, without punctuation, spaces as hyphens, and `-1`, `-2` … on repeats. Lines inside fenced code
 * blocks are not headings.
 * @see https://github.com/Flet/github-slugger
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading?.[1]) continue;
    const slug = slugOf(heading[1]);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function slugOf(text: string): string {
  return text
    .replace(/`/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a document's own links point at (`](#anchor)`). */
export function linkedAnchors(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1] as string);
}
