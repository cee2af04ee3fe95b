import { and, eq, inArray } from "drizzle-orm";
import { organisations, users } from "~db/schema/accounts";
import { livelihoodProjects, livelihoodSchemes } from "~db/schema/livelihood";
import { db } from "~/lib/db.server";
import { listActiveRoles, type ActiveRole } from "~/modules/accounts/role-queries.server";
import { postComment } from "~/modules/deliberation/post-comment.server";
import { acceptProject } from "~/modules/livelihood/accept-project.server";
import { addMilestone } from "~/modules/livelihood/add-milestone.server";
import { completeMilestone } from "~/modules/livelihood/complete-milestone.server";
import { confirmScheme } from "~/modules/livelihood/confirm-scheme.server";
import { draftProposal } from "~/modules/livelihood/draft-proposal.server";
import { evaluateProject } from "~/modules/livelihood/evaluate-project.server";
import { postProjectUpdate } from "~/modules/livelihood/post-project-update.server";
import { schemeNoticeSubject } from "~/modules/livelihood/project-notice.server";
import { publishScheme } from "~/modules/livelihood/publish-scheme.server";
import { screenProposal } from "~/modules/livelihood/screen-proposal.server";
import { setProjectResponsible } from "~/modules/livelihood/set-project-responsible.server";
import { supportProposal } from "~/modules/livelihood/support-proposal.server";
import { answerObjection } from "~/modules/notices/answer-objection.server";
import { raiseObjection } from "~/modules/notices/raise-objection.server";
import { castBallot } from "~/modules/livelihood/cast-ballot.server";
import { publishResults } from "~/modules/livelihood/publish-results.server";
import { demoAccounts } from "./demo-accounts";
import {
  collectingProposals,
  countingProposals,
  deliveredProposals,
  noticeProposals,
  votingProposals,
  type DemoProposal,
} from "./demo-livelihood-content";

const DAY = 86_400_000;

type Person = { id: string; pseudonymSeed: string | null; roles: ActiveRole[] };
type Cast = Record<"resident" | "neighbour" | "neighbour2" | "committee" | "street", Person>;

async function people(): Promise<Cast | null> {
  const keys = ["resident", "neighbour", "neighbour2", "committee", "street"] as const;
  const emails = keys.map((k) => demoAccounts.find((a) => a.key === k)!.email);
  const rows = await db
    .select({ id: users.id, email: users.email, pseudonymSeed: users.pseudonymSeed })
    .from(users)
    .where(inArray(users.email, emails));
  if (rows.length !== keys.length) return null;
  const out = {} as Cast;
  for (const key of keys) {
    const row = rows.find((r) => r.email === demoAccounts.find((a) => a.key === key)!.email)!;
    out[key] = { id: row.id, pseudonymSeed: row.pseudonymSeed, roles: await listActiveRoles(row.id) };
  }
  return out;
}

type SchemeSpec = {
  areaId: number;
  title: string;
  description: string;
  budgetYuan: number;
  /** Days relative to now. */
  collection: [number, number];
  voting: [number, number];
  countingRule: "greedy" | "greedy-no-skip" | "equal-shares";
  noticeDays?: number;
};

/** A published scheme: created as a draft and published through the use-case at its (past) date. */
async function makeScheme(spec: SchemeSpec, by: Person, t: number) {
  const at = (d: number) => new Date(t + d * DAY);
  const [row] = await db
    .insert(livelihoodSchemes)
    .values({
      areaId: spec.areaId,
      title: spec.title,
      description: spec.description,
      budgetMinor: spec.budgetYuan * 100,
      capServiceMinor: 80_000_00,
      capGoodsMinor: 60_000_00,
      capWorksMinor: 150_000_00,
      categories: [
        "elderly",
        "children",
        "environment",
        "safety",
        "facilities",
        "culture",
        "health",
        "other",
      ],
      exclusions:
        "物业管理职责范围内的事项（如公共部位日常维修、保洁）；与政府已立项项目重复的；只让个人或少数人受益的。",
      supportThreshold: 2,
      supportWindowDays: 21,
      maxProposalsPerResident: 5,
      collectionOpensAt: at(spec.collection[0]),
      collectionClosesAt: at(spec.collection[1]),
      votingOpensAt: at(spec.voting[0]),
      votingClosesAt: at(spec.voting[1]),
      noticeDays: spec.noticeDays ?? 7,
      votingMethod: "budget",
      countingRule: spec.countingRule,
      maxChoices: null,
      createdBy: by.id,
      createdAt: at(spec.collection[0] - 2),
    })
    .returning({ id: livelihoodSchemes.id });
  await publishScheme({ actor: by, actorRoles: by.roles, schemeId: row!.id, now: at(spec.collection[0]) });
  return row!.id;
}

/** Proposes (published at once) and gathers the two neighbours' supports, which sends it to screening. */
async function propose(
  cast: Cast,
  schemeId: string,
  communityId: number,
  p: DemoProposal,
  at: Date,
  options: { supporters?: number } = {},
) {
  const author = cast[p.author];
  const { id } = await draftProposal({
    actor: author,
    actorRoles: author.roles,
    schemeId,
    publish: true,
    now: at,
    content: {
      title: p.title,
      body: p.body,
      category: p.category,
      type: p.type,
      costMinor: p.yuan * 100,
      communityId,
      address: p.address,
    },
  });
  const others = (["resident", "neighbour", "neighbour2"] as const).filter((k) => k !== p.author);
  for (const [i, key] of others.slice(0, options.supporters ?? 2).entries()) {
    await supportProposal({
      actor: cast[key],
      actorRoles: cast[key].roles,
      proposalId: id,
      now: new Date(at.getTime() + (i + 1) * 3_600_000),
    });
  }
  return id;
}

async function screenEligible(cast: Cast, proposalId: string, at: Date, response?: string) {
  await screenProposal({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    proposalId,
    decision: "eligible",
    response: response ?? null,
    now: at,
  });
}

/**
 * The demo's livelihood schemes, one at every stage, run through the real use-cases with the clock set
 * to when each step would have happened: collecting (street-wide), voting, counted but not yet
 * published, public notice ended, and in delivery with an accepted and evaluated project.
 * Idempotent: does nothing once the demo community has a scheme.
 */
export async function seedDemoLivelihood({ log }: { log: (line: string) => void }) {
  const cast = await people();
  if (!cast) return;
  const communityRole = cast.committee.roles.find((r) => r.role === "committee_member")!;
  const streetRole = cast.street.roles.find((r) => r.role === "street_official")!;
  const existing = await db
    .select({ id: livelihoodSchemes.id })
    .from(livelihoodSchemes)
    .where(inArray(livelihoodSchemes.areaId, [communityRole.areaId, streetRole.areaId]))
    .limit(1);
  if (existing.length) return;
  const community = communityRole.areaId;
  const t = Date.now();
  const at = (d: number, hours = 0) => new Date(t + d * DAY + hours * 3_600_000);

  // 1. Collecting, street-wide: proposals at every early status, with a deliberation.
  const collecting = await makeScheme(
    {
      areaId: streetRole.areaId,
      title: "2027年车陂街民生微实事项目征集",
      description:
        "车陂街 2027 年安排 30 万元，用于居民提出、居民投票决定的社区微实事。每个项目需要 2 位邻居附议才能进入审核。",
      budgetYuan: 300_000,
      collection: [-10, 20],
      voting: [30, 37],
      countingRule: "equal-shares",
    },
    cast.street,
    t,
  );
  const [handrails, canteen, storytelling, playground, parking] = collectingProposals;
  await propose(cast, collecting, community, handrails!, at(-9), { supporters: 1 });
  const canteenId = await propose(cast, collecting, community, canteen!, at(-8));
  await propose(cast, collecting, community, storytelling!, at(-6), { supporters: 0 });
  const playgroundId = await propose(cast, collecting, community, playground!, at(-7));
  await screenProposal({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    proposalId: playgroundId,
    decision: "eligible",
    revisedCostMinor: 23_000_00,
    costNote: "按 120 平方米、市场价每平方米 190 元复核。",
    response: "已到现场核实，地垫确实破损严重，项目符合条件，进入投票。",
    now: at(-3),
  });
  const parkingId = await propose(cast, collecting, community, parking!, at(-7));
  await screenProposal({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    proposalId: parkingId,
    decision: "ineligible",
    reason: "excluded_category",
    note: "停车位标线属于物业服务合同约定的公共部位维护。",
    response: "这属于物业管理职责，已转交物业公司，物业承诺两周内重新划线。",
    now: at(-3),
  });
  await draftProposal({
    actor: cast.resident,
    actorRoles: cast.resident.roles,
    schemeId: collecting,
    now: at(-1),
    content: {
      title: "电动自行车集中充电点",
      body: "楼道里充电太危险，建议在 6 栋旁边空地建一个集中充电棚。（草稿，还在问物业场地的事）",
      category: "safety",
      type: "works",
      costMinor: 45_000_00,
      communityId: community,
      address: "车陂北街6栋旁空地",
    },
  });
  const first = await postComment({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    subjectType: "proposal",
    subjectId: canteenId,
    body: "周末子女不在家，我们两老自己做饭很吃力，很需要。",
    stance: "support",
    now: at(-7),
  });
  const question = await postComment({
    actor: cast.neighbour2,
    actorRoles: cast.neighbour2.roles,
    subjectType: "proposal",
    subjectId: canteenId,
    body: "Good idea. Could the canteen also deliver to people who cannot walk there? ¥60,000 seems high for weekends only.",
    stance: "neutral",
    now: at(-6),
  });
  await postComment({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    subjectType: "proposal",
    subjectId: canteenId,
    parentId: question.id,
    body: "谢谢建议。我们正在和长者饭堂运营方核算送餐成本，审核时会一并回复。",
    stance: "neutral",
    now: at(-5),
  });
  void first;

  // 2. Voting now (community): five eligible proposals, two neighbours have voted.
  const voting = await makeScheme(
    {
      areaId: community,
      title: "2026年车陂北社区微实事投票",
      description: "社区 15 万元微实事资金，由居民投票决定做哪些项目。每人可选多个项目，合计不超过预算。",
      budgetYuan: 150_000,
      collection: [-60, -30],
      voting: [-3, 4],
      countingRule: "greedy",
    },
    cast.committee,
    t,
  );
  const votingIds: Record<string, string> = {};
  for (const [i, p] of votingProposals.entries()) {
    votingIds[p.key] = await propose(cast, voting, community, p, at(-58 + i));
    await screenEligible(cast, votingIds[p.key]!, at(-28));
  }
  await castBallot({
    voter: cast.neighbour,
    voterRoles: cast.neighbour.roles,
    schemeId: voting,
    choices: { proposalIds: [votingIds.garden!, votingIds.lights!, votingIds.signage!] },
    now: at(-2),
  });
  await castBallot({
    voter: cast.neighbour2,
    voterRoles: cast.neighbour2.roles,
    schemeId: voting,
    choices: { proposalIds: [votingIds.signage!, votingIds.library!, votingIds.smartphone!] },
    now: at(-1),
  });

  // 3. Voting closed yesterday; the committee has not yet published the results.
  const counting = await makeScheme(
    {
      areaId: community,
      title: "2026年车陂北社区第二批微实事（待公布结果）",
      description: "第二批 6 万元微实事资金，按“平等份额法”计票：每位投票居民分到同样一份预算。",
      budgetYuan: 60_000,
      collection: [-70, -40],
      voting: [-10, -1],
      countingRule: "equal-shares",
    },
    cast.committee,
    t,
  );
  const countingIds: Record<string, string> = {};
  for (const [i, p] of countingProposals.entries()) {
    countingIds[p.key] = await propose(cast, counting, community, p, at(-68 + i));
    await screenEligible(cast, countingIds[p.key]!, at(-38));
  }
  const countingBallots: Array<[keyof Cast, string[]]> = [
    ["resident", ["roof", "projector"]],
    ["neighbour", ["roof", "bikes"]],
    ["neighbour2", ["bikes", "projector"]],
  ];
  for (const [key, choice] of countingBallots) {
    await castBallot({
      voter: cast[key],
      voterRoles: cast[key].roles,
      schemeId: counting,
      choices: { proposalIds: choice.map((k) => countingIds[k]!) },
      now: at(-5),
    });
  }

  // 4. Results published, notice window over, one objection answered: ready to confirm.
  const notice = await makeScheme(
    {
      areaId: community,
      title: "2026年车陂北社区上半年民生实事（公示期满）",
      description: "7 万元，按票数从高到低安排，放不下的项目跳过。",
      budgetYuan: 70_000,
      collection: [-90, -60],
      voting: [-25, -15],
      countingRule: "greedy",
      noticeDays: 7,
    },
    cast.committee,
    t,
  );
  const noticeIds: Record<string, string> = {};
  for (const [i, p] of noticeProposals.entries()) {
    noticeIds[p.key] = await propose(cast, notice, community, p, at(-88 + i));
    await screenEligible(cast, noticeIds[p.key]!, at(-58));
  }
  const noticeBallots: Array<[keyof Cast, string[]]> = [
    ["resident", ["cctv", "bathing"]],
    ["neighbour", ["court"]],
    ["neighbour2", ["bathing", "cctv"]],
  ];
  for (const [key, choice] of noticeBallots) {
    await castBallot({
      voter: cast[key],
      voterRoles: cast[key].roles,
      schemeId: notice,
      choices: { proposalIds: choice.map((k) => noticeIds[k]!) },
      now: at(-20),
    });
  }
  await publishResults({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    schemeId: notice,
    now: at(-14),
  });
  const subject = await schemeNoticeSubject(notice);
  const objection = await raiseObjection({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    subject,
    reason: "篮球场照明改造票数不低，为什么没有入选？希望说明计票过程。",
    now: at(-12),
  });
  await answerObjection({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    subject,
    objectionId: objection.id,
    answer: "dismissed",
    answerText:
      "按本期规则，项目按票数从高到低安排：监控补盲和长者助浴入选后只剩 6,000 元，篮球场照明（4.5 万元）放不下，因此未入选。计票明细见结果页。",
    now: at(-10),
  });

  // 5. In delivery: one project accepted and being evaluated, one on track, one delayed.
  const delivery = await makeScheme(
    {
      areaId: community,
      title: "2025年车陂北社区民生实事（实施中）",
      description: "10 万元，2025 年居民投票选出的项目，正在实施和验收。",
      budgetYuan: 100_000,
      collection: [-200, -170],
      voting: [-150, -140],
      countingRule: "greedy",
      noticeDays: 7,
    },
    cast.committee,
    t,
  );
  const deliveryIds: Record<string, string> = {};
  for (const [i, p] of deliveredProposals.entries()) {
    deliveryIds[p.key] = await propose(cast, delivery, community, p, at(-198 + i));
    await screenEligible(cast, deliveryIds[p.key]!, at(-168));
  }
  const deliveryBallots: Array<[keyof Cast, string[]]> = [
    ["resident", ["ramp", "fitness", "shelter"]],
    ["neighbour", ["ramp", "fitness", "concert"]],
    ["neighbour2", ["ramp", "shelter", "fitness"]],
  ];
  for (const [key, choice] of deliveryBallots) {
    await castBallot({
      voter: cast[key],
      voterRoles: cast[key].roles,
      schemeId: delivery,
      choices: { proposalIds: choice.map((k) => deliveryIds[k]!) },
      now: at(-145),
    });
  }
  await publishResults({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    schemeId: delivery,
    now: at(-139),
  });
  await confirmScheme({
    actor: cast.committee,
    actorRoles: cast.committee.roles,
    schemeId: delivery,
    now: at(-131),
  });
  const projects = await db
    .select({ id: livelihoodProjects.id, proposalId: livelihoodProjects.proposalId })
    .from(livelihoodProjects)
    .where(eq(livelihoodProjects.schemeId, delivery));
  const projectOf = (key: string) => projects.find((p) => p.proposalId === deliveryIds[key])?.id;
  const [ngo] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.kind, "ngo"), eq(organisations.status, "verified")))
    .limit(1);
  const manager = { actor: cast.committee, actorRoles: cast.committee.roles };

  const ramp = projectOf("ramp");
  if (ramp) {
    await setProjectResponsible({ ...manager, projectId: ramp, kind: "committee", now: at(-130) });
    const m1 = await addMilestone({
      ...manager,
      projectId: ramp,
      title: "施工方案公示",
      dueOn: day(at(-110)),
      now: at(-130),
    });
    const m2 = await addMilestone({
      ...manager,
      projectId: ramp,
      title: "坡道施工完成",
      dueOn: day(at(-40)),
      now: at(-130),
    });
    await postProjectUpdate({
      ...manager,
      projectId: ramp,
      body: "施工方案已在宣传栏公示，居民无异议。",
      progressPercent: 20,
      track: "on_track",
      now: at(-112),
    });
    await completeMilestone({ ...manager, projectId: ramp, milestoneId: m1.id, now: at(-112) });
    await postProjectUpdate({
      ...manager,
      projectId: ramp,
      body: "坡道和扶手已完工，轮椅试通行顺利。",
      progressPercent: 100,
      track: "done",
      now: at(-45),
    });
    await completeMilestone({ ...manager, projectId: ramp, milestoneId: m2.id, now: at(-45) });
    await acceptProject({
      ...manager,
      projectId: ramp,
      note: "居委会、居民代表和施工方现场验收，坡度和扶手符合无障碍设计规范。",
      now: at(-20),
    });
    await evaluateProject({
      actor: cast.neighbour,
      actorRoles: cast.neighbour.roles,
      projectId: ramp,
      rating: "satisfied",
      comment: "推轮椅出门方便多了。",
      now: at(-18),
    });
    await evaluateProject({
      actor: cast.neighbour2,
      actorRoles: cast.neighbour2.roles,
      projectId: ramp,
      rating: "basically_satisfied",
      comment: "Works well; the handrail could be a bit longer.",
      now: at(-16),
    });
  }
  const fitness = projectOf("fitness");
  if (fitness) {
    await setProjectResponsible({
      ...manager,
      projectId: fitness,
      kind: ngo ? "organisation" : "committee",
      organisationId: ngo?.id ?? null,
      now: at(-128),
    });
    await addMilestone({
      ...manager,
      projectId: fitness,
      title: "器材采购到货",
      dueOn: day(at(-30)),
      now: at(-128),
    });
    await addMilestone({
      ...manager,
      projectId: fitness,
      title: "安装和安全检测",
      dueOn: day(at(30)),
      now: at(-128),
    });
    await postProjectUpdate({
      ...manager,
      projectId: fitness,
      body: "10 件器材已到货，旧器材已拆除，正在安装。",
      progressPercent: 60,
      track: "on_track",
      now: at(-6),
    });
  }
  const shelter = projectOf("shelter");
  if (shelter) {
    await setProjectResponsible({
      ...manager,
      projectId: shelter,
      kind: "department",
      name: "车陂街城管办",
      now: at(-128),
    });
    await addMilestone({
      ...manager,
      projectId: shelter,
      title: "雨棚安装完成",
      dueOn: day(at(-10)),
      now: at(-128),
    });
    await postProjectUpdate({
      ...manager,
      projectId: shelter,
      body: "4 个点位中 1 个已完成；另外 3 个需要燃气管线改道，工期推迟约一个月。",
      progressPercent: 30,
      track: "delayed",
      now: at(-8),
    });
  }

  log("kapok: demo livelihood schemes: collecting, voting, awaiting results, notice over, in delivery");
}

/** A calendar day in Beijing, YYYY-MM-DD. */
function day(at: Date) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
