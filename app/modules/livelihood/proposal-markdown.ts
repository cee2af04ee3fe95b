import MarkdownIt from "markdown-it";

/**
 * A proposal's Markdown, rendered for display. Raw HTML is off (a `<script>` shows as text), links
 * are limited to http(s) and mailto by markdown-it's own `validateLink` plus the check below, and every
 * link opens with rel="nofollow noopener noreferrer ugc". Server-side only in practice (the loader
 * sends the HTML), but pure.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const safeLink = /^(https?:|mailto:)/i;
const defaultValidate = md.validateLink.bind(md);
md.validateLink = (url: string) => defaultValidate(url) && safeLink.test(url.trim());

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet("rel", "nofollow noopener noreferrer ugc");
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images in the text would load third-party content; photos are attachments instead.
md.renderer.rules.image = (tokens, idx) => md.utils.escapeHtml(tokens[idx]!.content);

export function renderProposalMarkdown(source: string): string {
  return md.render(source);
}
