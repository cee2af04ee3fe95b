// Server-rendered markup of the thread and the follow button (what a browser without JavaScript gets).
import { createInstance } from "i18next";
import { I18nextProvider } from "react-i18next";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { describe, expect, test } from "vitest";
import { namespaces } from "~/i18n/config";
import en from "~/locales/en";
import type { CommentThreadData, CommentView } from "~/modules/deliberation/comment-thread-data";
import { CommentThread } from "./comment-thread";
import { FollowButton } from "./follow-button";

const subjectId = "11111111-1111-4111-8111-111111111111";

function comment(overrides: Partial<CommentView> = {}): CommentView {
  return {
    id: crypto.randomUUID(),
    authorName: "居民甲",
    official: false,
    stance: "support",
    body: "楼道太暗，支持。",
    createdAt: "2026-11-01T02:00:00.000Z",
    hidden: false,
    hiddenReason: null,
    reportCount: null,
    canReport: true,
    reported: false,
    mine: false,
    ...overrides,
  };
}

function data(overrides: Partial<CommentThreadData> = {}): CommentThreadData {
  return {
    subject: { type: "proposal", id: subjectId, href: `/proposals/${subjectId}` },
    counts: { support: 12, oppose: 3, neutral: 5 },
    comments: [],
    canPost: true,
    postsOfficially: false,
    canModerate: false,
    ...overrides,
  };
}

async function render(element: React.ReactElement, path = `/proposals/${subjectId}`) {
  const i18n = createInstance();
  await i18n.init({
    lng: "en",
    ns: [...namespaces],
    resources: { en },
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  const handler = createStaticHandler([{ path: "*", element }]);
  const context = await handler.query(new Request(`http://localhost${path}`));
  if (context instanceof Response) throw context;
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(
    <I18nextProvider i18n={i18n}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </I18nextProvider>,
  );
}

describe("<CommentThread>", () => {
  test("counts, a labelled form with the stance radios in a fieldset, replies and report links", async () => {
    const top = comment({ replies: [] } as Partial<CommentView>);
    const official = comment({ official: true, stance: "neutral", authorName: "街道干部", canReport: false });
    const html = await render(
      <CommentThread
        data={data({ comments: [{ ...top, replies: [official] }] })}
        returnTo={`/proposals/${subjectId}`}
      />,
    );
    expect(html).toContain("12 support · 3 oppose · 5 neutral");
    expect(html).toMatch(/<fieldset[^>]*>.*<legend>Your stance on this proposal<\/legend>/s);
    expect(html.match(/type="radio" name="stance"/g)).toHaveLength(3);
    expect(html).toContain('<label for="comment-body">Your comment</label>');
    expect(html).toContain('action="/comments"');
    expect(html).toContain('name="csrf"');
    expect(html).toContain(`id="comment-${top.id}"`);
    expect(html).toContain("Official reply");
    expect(html).toContain(`href="/comments/${top.id}/report?returnTo=%2Fproposals%2F${subjectId}"`);
    expect(html).toMatch(/<details[^>]*><summary>Reply<\/summary>/);
    expect(html).toContain(`<label for="reply-${top.id}">Reply to 居民甲</label>`);
    // One heading for the thread (h2) and one for the form (h3): no skipped levels.
    expect(html.match(/<h2/g)).toHaveLength(1);
    expect(html.match(/<h3/g)).toHaveLength(1);
  });

  test("hidden comments show why, without their text", async () => {
    const html = await render(
      <CommentThread
        data={data({
          comments: [
            {
              ...comment({ hidden: true, body: "", hiddenReason: "商业广告", canReport: false }),
              replies: [],
            },
            { ...comment({ hidden: true, body: "", canReport: false }), replies: [] },
          ],
        })}
        returnTo={`/proposals/${subjectId}`}
      />,
    );
    expect(html).toContain("This comment was hidden. Reason: 商业广告");
    expect(html).toContain("hidden until it is reviewed");
    expect(html).not.toContain("楼道太暗");
  });

  test("the error from ?commentError is shown; anonymous visitors get a login link back", async () => {
    const html = await render(
      <CommentThread
        data={data({ canPost: false, postRefusal: "login" })}
        returnTo={`/proposals/${subjectId}`}
      />,
      `/proposals/${subjectId}?commentError=rateLimited`,
    );
    expect(html).toContain('role="alert"');
    expect(html).toContain("You are posting too often");
    expect(html).toContain(`href="/login?redirectTo=%2Fproposals%2F${subjectId}"`);
    expect(html).not.toContain("<textarea");
    const unknown = await render(<CommentThread data={data()} returnTo="/" error="<script>" />);
    expect(unknown).toContain("Your comment was not posted");
  });

  test("an official posts without a stance choice", async () => {
    const html = await render(<CommentThread data={data({ postsOfficially: true })} returnTo="/" />);
    expect(html).not.toContain('name="stance"');
    expect(html).toContain("official capacity");
  });
});

describe("<FollowButton>", () => {
  test("follow, then unfollow", async () => {
    const off = await render(
      <FollowButton subjectType="proposal" subjectId={subjectId} following={false} returnTo="/x" />,
    );
    expect(off).toContain('value="follow"');
    expect(off).toContain(">Follow</button>");
    const on = await render(
      <FollowButton subjectType="proposal" subjectId={subjectId} following returnTo="/x" />,
    );
    expect(on).toContain('value="unfollow"');
  });
});
