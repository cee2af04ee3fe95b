// "Download my data" end to end through the route: a person who did a bit of everything gets each act
// back, and nothing of anyone else's, and never what they chose on a secret ballot.
/* eslint-disable import/no-restricted-paths -- the world before the export is set up by direct inserts */
import { beforeAll, expect, test } from "vitest";
import {
  consultationQuestions,
  consultationResponses,
  consultations,
  meetingRegistrations,
  meetings,
} from "~db/schema/consultations";
import { commentReports } from "~db/schema/deliberation";
import {
  fundingReviewAssignments,
  fundingReviewDraws,
  fundingScores,
  organisationDeclarations,
  organisationInvitations,
  reviewerConflicts,
} from "~db/schema/funding";
import { matterMeToos, matters } from "~db/schema/matters";
import { objections } from "~db/schema/notices";
/* eslint-enable import/no-restricted-paths */
import { db } from "~/lib/db.server";
import { sessionCookieName } from "~/modules/accounts/auth.server";
import { postComment } from "~/modules/deliberation/post-comment.server";
import { askQuestion } from "~/modules/funding/call-questions.server";
import { castBallot } from "~/modules/livelihood/cast-ballot.server";
import { supportProposal } from "~/modules/livelihood/support-proposal.server";
import {
  makeApplication,
  makeCall,
  makeFundingAreas,
  makeOrganisation,
} from "../../tests/helpers/funding-fixtures";
import { makeProposal, makeScheme, makeSchemeWorld } from "../../tests/helpers/livelihood-fixtures";
import { makeUser, openSession } from "../../tests/helpers/residency-fixtures";
import { loader } from "./account.export";

const DAY = 86_400_000;

type World = Awaited<ReturnType<typeof makeSchemeWorld>>;
let world: World;
let me: World["residents"][number];
let other: World["residents"][number];
let receiptCode: string;
let ballotChoice: string;
let otherBallotChoice: string;
let unrelatedProposalId: string;

const sections = [
  "format",
  "version",
  "profile",
  "livelihood",
  "deliberation",
  "matters",
  "consultations",
  "meetings",
  "notices",
  "funding",
  "notifications",
  "uploads",
  "audit",
] as const;
type ExportJson = Record<(typeof sections)[number], Record<string, unknown>>;

async function download(userId: string) {
  const { token } = await openSession(userId);
  const request = new Request("http://localhost/account/export", {
    headers: { Cookie: `${sessionCookieName()}=${token}`, "User-Agent": "vitest" },
  });
  const response = await loader({ request, params: {}, context: {} as never });
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const text = await response.text();
  return { text, data: JSON.parse(text) as ExportJson };
}

beforeAll(async () => {
  world = await makeSchemeWorld({ phase: "collecting" });
  [me, other] = [world.residents[0]!, world.residents[1]!];
  const C = world.tree.C.id;

  // Livelihood: my proposal, a neighbour's I support, and one of theirs I never touch.
  await makeProposal(world.scheme, me, C, { title: "我的提案：加装扶手", body: "我写的提案正文" });
  const theirs = await makeProposal(world.scheme, other, C, {
    title: "邻居的提案：长椅",
    body: "邻居写的正文",
  });
  const unrelated = await makeProposal(world.scheme, other, C, {
    title: "别人无关的提案",
    body: "别人无关的正文",
  });
  unrelatedProposalId = unrelated.id;
  await supportProposal({ actor: me, actorRoles: me.roles, proposalId: theirs.id });

  // Deliberation: my comment, a neighbour's comment, and my report of theirs.
  await postComment({
    actor: me,
    actorRoles: me.roles,
    subjectType: "proposal",
    subjectId: theirs.id,
    body: "我的评论：支持",
    stance: "support",
  });
  const theirComment = await postComment({
    actor: other,
    actorRoles: other.roles,
    subjectType: "proposal",
    subjectId: theirs.id,
    body: "别人的评论内容",
    stance: "oppose",
  });
  await db
    .insert(commentReports)
    .values({ commentId: theirComment.id, reporterId: me.id, reason: "我的举报理由" });

  // Voting in another scheme: both of us vote, for different proposals.
  const voting = await makeScheme(world.tree.S.id, { phase: "voting", title: "投票中的方案" });
  const a = await makeProposal(voting, other, C, {
    status: "eligible",
    title: "选项甲",
    estimatedCostMinor: 30_000_00,
  });
  const b = await makeProposal(voting, other, C, {
    status: "eligible",
    title: "选项乙",
    estimatedCostMinor: 30_000_00,
  });
  ballotChoice = a.id;
  otherBallotChoice = b.id;
  const cast = await castBallot({
    voter: me,
    voterRoles: me.roles,
    schemeId: voting.id,
    choices: { proposalIds: [a.id] },
  });
  receiptCode = cast.receiptCode;
  await castBallot({
    voter: other,
    voterRoles: other.roles,
    schemeId: voting.id,
    choices: { proposalIds: [b.id] },
  });

  // Matters: mine, a neighbour's with my "me too".
  const due = new Date(Date.now() + 5 * DAY);
  await db.insert(matters).values({
    communityId: C,
    authorId: me.id,
    title: "我提出的议题",
    description: "楼下路灯坏了",
    category: "other",
    responseDueAt: due,
  });
  const [theirMatter] = await db
    .insert(matters)
    .values({
      communityId: C,
      authorId: other.id,
      title: "邻居的议题",
      description: "邻居的议题描述",
      category: "other",
      responseDueAt: due,
    })
    .returning();
  await db.insert(matterMeToos).values({ matterId: theirMatter!.id, userId: me.id });

  // A consultation both of us answered.
  const [consultation] = await db
    .insert(consultations)
    .values({
      areaId: C,
      title: "停车位协商",
      background: "背景",
      status: "published",
      opensAt: new Date(Date.now() - DAY),
      closesAt: new Date(Date.now() + DAY),
    })
    .returning();
  const [question] = await db
    .insert(consultationQuestions)
    .values({ consultationId: consultation!.id, position: 1, kind: "text", prompt: "你的意见？" })
    .returning();
  await db.insert(consultationResponses).values([
    { consultationId: consultation!.id, userId: me.id, answers: { [question!.id]: "我的回答" } },
    { consultationId: consultation!.id, userId: other.id, answers: { [question!.id]: "别人的回答" } },
  ]);

  // A meeting I registered for and attended.
  const [meeting] = await db
    .insert(meetings)
    .values({
      areaId: C,
      title: "居民议事会",
      place: "社区活动室",
      startsAt: new Date(Date.now() - 2 * DAY),
      endsAt: new Date(Date.now() - 2 * DAY + 7_200_000),
      capacity: 20,
    })
    .returning();
  await db.insert(meetingRegistrations).values([
    {
      meetingId: meeting!.id,
      userId: me.id,
      status: "registered",
      checkInCodeHash: `me-${me.id}`,
      checkedInAt: new Date(),
    },
    { meetingId: meeting!.id, userId: other.id, status: "registered", checkInCodeHash: `other-${other.id}` },
  ]);

  // Objections on the voting scheme's results, mine answered by the official.
  await db.insert(objections).values([
    {
      subjectType: "scheme",
      subjectId: voting.id,
      areaId: world.tree.S.id,
      authorId: me.id,
      reason: "我的异议理由",
      answer: "dismissed",
      answerText: "经核实，计票无误",
      answeredBy: world.official.id,
      answeredAt: new Date(),
    },
    {
      subjectType: "scheme",
      subjectId: voting.id,
      areaId: world.tree.S.id,
      authorId: other.id,
      reason: "别人的异议",
    },
  ]);

  // Funding: a question on an open call.
  const fundingAreas = await makeFundingAreas();
  const { call } = await makeCall(fundingAreas.district.id, { phase: "open" });
  await askQuestion({ actor: me, callId: call.id, question: "我的提问：可以跨社区申报吗？" });
  await askQuestion({ actor: other, callId: call.id, question: "别人的提问" });
});

test("the export holds everything the person wrote or did, in each module's section", async () => {
  const { data } = await download(me.id);
  expect(Object.keys(data)).toEqual(expect.arrayContaining([...sections]));
  expect(data.format).toBe("kapok-account-export");
  expect(data.version).toBe(2);
  expect(data.profile).toMatchObject({ id: me.id, displayName: me.displayName });

  expect(data.livelihood).toMatchObject({
    proposals: [
      expect.objectContaining({ title: "我的提案：加装扶手", body: "我写的提案正文", status: "collecting" }),
    ],
    supports: [expect.objectContaining({ title: "邻居的提案：长椅" })],
    votes: [expect.objectContaining({ schemeTitle: "投票中的方案", channel: "web", changedAt: null })],
  });
  const votes = data.livelihood.votes as Array<{ firstCastAt: string }>;
  expect(new Date(votes[0]!.firstCastAt).toISOString()).toBe(votes[0]!.firstCastAt);

  expect(data.deliberation).toMatchObject({
    comments: [
      expect.objectContaining({ body: "我的评论：支持", stance: "support", subjectType: "proposal" }),
    ],
    reportsMade: [expect.objectContaining({ reason: "我的举报理由" })],
  });
  expect(data.matters).toMatchObject({
    raised: [expect.objectContaining({ title: "我提出的议题", status: "raised" })],
    meToos: [expect.objectContaining({ title: "邻居的议题" })],
  });
  expect(data.consultations).toMatchObject({
    responses: [expect.objectContaining({ consultationTitle: "停车位协商", answers: expect.any(Object) })],
  });
  expect(JSON.stringify(data.consultations)).toContain("我的回答");
  expect(data.meetings).toMatchObject({
    registrations: [
      expect.objectContaining({
        meetingTitle: "居民议事会",
        status: "registered",
        checkedInAt: expect.any(String),
      }),
    ],
  });
  expect(data.notices).toMatchObject({
    objections: [
      expect.objectContaining({
        reason: "我的异议理由",
        answer: "dismissed",
        answerText: "经核实，计票无误",
      }),
    ],
  });
  expect(data.funding).toMatchObject({
    questions: [expect.objectContaining({ question: "我的提问：可以跨社区申报吗？" })],
  });
  // Commenting and supporting follow the proposal.
  expect((data.notifications.follows as unknown[]).length).toBeGreaterThan(0);
});

test("the export holds nothing of anyone else, and nothing of the secret ballot", async () => {
  const { text } = await download(me.id);
  for (const foreign of [
    other.id,
    other.email,
    other.displayName,
    "邻居写的正文",
    "别人无关的提案",
    unrelatedProposalId,
    "别人的评论内容",
    "邻居的议题描述",
    "别人的回答",
    "别人的异议",
    "别人的提问",
    world.official.id,
    world.official.displayName,
    "checkInCodeHash",
  ]) {
    expect(text, foreign).not.toContain(foreign);
  }
  // The roll says that I voted; what I chose (or anyone's choice) and my receipt are nowhere.
  for (const secret of [
    ballotChoice,
    otherBallotChoice,
    "选项甲",
    "选项乙",
    receiptCode,
    "choices",
    "voterToken",
    "receipt",
  ]) {
    expect(text, secret).not.toContain(secret);
  }
});

test("the neighbour's own export holds their acts and not mine", async () => {
  const { text, data } = await download(other.id);
  expect(text).toContain("别人无关的提案");
  expect(text).toContain("别人的回答");
  expect(text).not.toContain("我写的提案正文");
  expect(text).not.toContain("我的评论：支持");
  expect(text).not.toContain(me.id);
  expect((data.livelihood.votes as unknown[]).length).toBe(1);
});

test("funding: an NGO staff member's and a reviewer's own acts, never another reviewer's scores", async () => {
  const areas = await makeFundingAreas();
  const { call, criteria } = await makeCall(areas.district.id, { phase: "closed" });
  const org = await makeOrganisation(areas.district.id, { name: "导出测试社工中心" });
  const rival = await makeOrganisation(areas.district.id, { name: "有关联的机构" });
  const staff = await makeUser("机构职员");
  const reviewer = await makeUser("评审专家");
  const otherReviewer = await makeUser("另一位评审");

  const application = await makeApplication(call.id, org.id, { createdBy: staff.id });
  await db.insert(organisationInvitations).values({
    organisationId: org.id,
    identifier: staff.email,
    role: "ngo_member",
    acceptedAt: new Date(),
    acceptedBy: staff.id,
  });
  await db.insert(organisationDeclarations).values({
    organisationId: org.id,
    declarantId: staff.id,
    declarantName: "机构职员",
    notAbnormal1y: true,
    notSeriousViolation2y: true,
    noMajorViolation3y: true,
  });

  await db
    .insert(reviewerConflicts)
    .values({ reviewerId: reviewer.id, organisationId: rival.id, note: "曾任该机构理事" });
  const [draw] = await db
    .insert(fundingReviewDraws)
    .values({
      applicationId: application.id,
      reason: "initial",
      seed: "seed",
      pool: [reviewer.id, otherReviewer.id],
      drawn: [reviewer.id, otherReviewer.id],
    })
    .returning();
  const assignments = await db
    .insert(fundingReviewAssignments)
    .values([
      {
        applicationId: application.id,
        reviewerId: reviewer.id,
        drawId: draw!.id,
        status: "submitted",
        recommendation: "fund",
        comment: "我的总体评语",
      },
      {
        applicationId: application.id,
        reviewerId: otherReviewer.id,
        drawId: draw!.id,
        status: "submitted",
        recommendation: "do_not_fund",
        comment: "另一位的评语",
      },
    ])
    .returning();
  const [mine, theirs] = [
    assignments.find((a) => a.reviewerId === reviewer.id)!,
    assignments.find((a) => a.reviewerId === otherReviewer.id)!,
  ];
  await db.insert(fundingScores).values([
    { assignmentId: mine.id, criterionId: criteria[0]!.id, score: 7, comment: "我的分项评语" },
    { assignmentId: theirs.id, criterionId: criteria[0]!.id, score: 2, comment: "另一位的分项评语" },
  ]);

  const staffExport = await download(staff.id);
  expect(staffExport.data.funding).toMatchObject({
    applicationsCreated: [
      { id: application.id, title: application.title, status: "submitted", callId: call.id },
    ],
    organisationInvitations: [
      expect.objectContaining({ organisationName: "导出测试社工中心", role: "ngo_member" }),
    ],
    integrityDeclarations: [expect.objectContaining({ declarantName: "机构职员", notAbnormal1y: true })],
  });
  // Titles and status only: the application's content is the organisation's.
  expect(staffExport.text).not.toContain(application.summary);

  const reviewerExport = await download(reviewer.id);
  expect(reviewerExport.data.funding).toMatchObject({
    reviewerConflicts: [
      expect.objectContaining({ organisationName: "有关联的机构", note: "曾任该机构理事" }),
    ],
    reviewAssignments: [
      expect.objectContaining({
        applicationId: application.id,
        recommendation: "fund",
        comment: "我的总体评语",
        scores: [expect.objectContaining({ score: 7, comment: "我的分项评语" })],
      }),
    ],
  });
  for (const foreign of [otherReviewer.id, "另一位的评语", "另一位的分项评语", "do_not_fund", staff.id]) {
    expect(reviewerExport.text, foreign).not.toContain(foreign);
  }
});
