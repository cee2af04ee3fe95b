import { describe, expect, test } from "vitest";
import { renderProposalMarkdown } from "./proposal-markdown";

describe("renderProposalMarkdown", () => {
  test("renders Markdown", () => {
    const html = renderProposalMarkdown("**加装扶手**\n\n- 三栋\n- 五栋");
    expect(html).toContain("<strong>加装扶手</strong>");
    expect(html).toContain("<li>三栋</li>");
  });

  test("raw HTML and scripts come out as inert text", () => {
    const html = renderProposalMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain("&lt;script&gt;");
  });

  test("javascript:, data: and vbscript: links are not links", () => {
    for (const src of [
      "[click](javascript:alert(1))",
      "[x](JAVASCRIPT:alert(1))",
      "[d](data:text/html;base64,PHNjcmlwdD4=)",
      "[v](vbscript:msgbox)",
      "[s]( javascript:alert(1))",
    ]) {
      const html = renderProposalMarkdown(src);
      expect(html, src).not.toMatch(/<a /);
      expect(html, src).not.toMatch(/href/);
    }
  });

  test("http links and bare URLs become safe links; images are shown as their alt text only", () => {
    const html = renderProposalMarkdown(
      "见 https://example.org/a 和 [地图](http://example.org/m)\n\n![照片](https://evil.example/p.png)",
    );
    expect(html).toContain('<a href="https://example.org/a" rel="nofollow noopener noreferrer ugc">');
    expect(html).toContain('<a href="http://example.org/m" rel="nofollow noopener noreferrer ugc">');
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("照片");
  });
});
