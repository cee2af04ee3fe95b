import { inArray } from "drizzle-orm";
import { users } from "~db/schema/accounts";
import { consultations } from "~db/schema/consultations";
import { db } from "~/lib/db.server";
import { listActiveRoles, type ActiveRole } from "~/modules/accounts/role-queries.server";
import { createConsultation } from "~/modules/consultations/create-consultation.server";
import { moderateStatement } from "~/modules/consultations/moderate-statement.server";
import { publishConsultation } from "~/modules/consultations/publish-consultation.server";
import { submitResponse } from "~/modules/consultations/submit-response.server";
import { submitStatement } from "~/modules/consultations/submit-statement.server";
import { addQuestion } from "~/modules/consultations/update-consultation.server";
import { voteStatement } from "~/modules/consultations/vote-statement.server";
import { seedDemoMatters } from "~/modules/matters/demo-matters.server";
import { checkIn } from "~/modules/meetings/check-in.server";
import { createMeeting } from "~/modules/meetings/create-meeting.server";
import { publishMinutes } from "~/modules/meetings/publish-minutes.server";
import { recordMotion } from "~/modules/meetings/record-motion.server";
import { registerForMeeting } from "~/modules/meetings/register-for-meeting.server";
import { publishOutcome } from "~/modules/outcomes/publish-outcome.server";
import type { QuestionFields } from "~/modules/consultations/consultation-schemas";
import { demoAccounts } from "./demo-accounts";

const DAY = 86_400_000;
const keys = ["resident", "neighbour", "neighbour2", "committee"] as const;
type Key = (typeof keys)[number];
type Person = { id: string; pseudonymSeed: string; displayName: string; roles: ActiveRole[] };

async function people(): Promise<Record<Key, Person> | null> {
  const emailOf = (k: Key) => demoAccounts.find((a) => a.key === k)!.email;
  const rows = await db
    .select({
      id: users.id,
      email: users.email,
      pseudonymSeed: users.pseudonymSeed,
      displayName: users.displayName,
    })
    .from(users)
    .where(inArray(users.email, keys.map(emailOf)));
  if (rows.length !== keys.length) return null;
  const out = {} as Record<Key, Person>;
  for (const k of keys) {
    const row = rows.find((r) => r.email === emailOf(k))!;
    out[k] = {
      id: row.id,
      pseudonymSeed: row.pseudonymSeed!,
      displayName: row.displayName,
      roles: await listActiveRoles(row.id),
    };
  }
  return out;
}

/** Adds the questions and returns their ids in order. */
async function addQuestions(by: Person, consultationId: string, questions: QuestionFields[]) {
  const ids: string[] = [];
  for (const question of questions)
    ids.push(
      (await addQuestion({ actor: by, actorRoles: by.roles, consultationId, question, meta: undefined })).id,
    );
  return ids;
}

/**
 * The demo's neighbourhood matters, consultations and meetings, through the real use-cases with
 * back-dated clocks: matters at every stage (new, overdue, being handled, answered and rated,
 * referred), an open consultation on a residents' matter with a meeting coming up, and a closed one
 * whose meeting was held and whose outcome is published with follow-up actions. Idempotent.
 */
export async function seedDemoParticipation({ log }: { log: (line: string) => void }) {
  const cast = await people();
  if (!cast) return;
  const committeeRole = cast.committee.roles.find((r) => r.role === "committee_member")!;
  const existing = await db
    .select({ id: consultations.id })
    .from(consultations)
    .where(inArray(consultations.areaId, [committeeRole.areaId]))
    .limit(1);
  if (existing.length) return;
  const t = Date.now();
  const at = (d: number, hours = 0) => new Date(t + d * DAY + hours * 3_600_000);
  const committee = cast.committee;
  const manage = { actor: committee, actorRoles: committee.roles };

  const matterIds = await seedDemoMatters({
    communityCode: committeeRole.areaCode,
    gridCode: null,
    residents: { resident: cast.resident, neighbour: cast.neighbour, neighbour2: cast.neighbour2 },
    committee,
  });

  // An open consultation on the residents' parking matter, with statements and a meeting coming up.
  const open = await createConsultation({
    ...manage,
    matterId: matterIds.forConsultation,
    fields: {
      title: "东门空地：改停车位，还是改休闲区？",
      background:
        "东门空地约 600 平方米，目前闲置，晚上常被乱停车占用。居民提出两种方向：划成约 20 个停车位，或建成带座椅和绿化的休闲区。请大家填写问卷，并报名参加下周的居民议事会。",
      opensAt: at(-2),
      closesAt: at(12),
      eligibility: "verified",
      liveResults: true,
      allowStatements: true,
    },
    now: at(-3),
  });
  const [useQ, rankQ, scaleQ] = await addQuestions(committee, open.id, [
    {
      kind: "single",
      prompt: "您更支持哪种用途？",
      options: ["停车位", "休闲区", "一半停车、一半休闲"],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
    {
      kind: "ranking",
      prompt: "请给这些配套按重要性排序",
      options: ["夜间照明", "座椅", "儿童游乐设施", "充电桩"],
      minChoices: null,
      maxChoices: null,
      required: false,
    },
    {
      kind: "scale",
      prompt: "您有多担心晚上乱停车？（1 不担心 – 5 非常担心）",
      options: [],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
    {
      kind: "multiple",
      prompt: "您通常什么时候经过东门？（最多选 2 项）",
      options: ["早上", "中午", "傍晚", "夜里"],
      minChoices: 1,
      maxChoices: 2,
      required: false,
    },
    { kind: "text", prompt: "其他意见", options: [], minChoices: null, maxChoices: null, required: false },
  ]);
  await publishConsultation({ ...manage, consultationId: open.id, now: at(-2, -1) });
  await submitResponse({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    consultationId: open.id,
    answers: { [useQ!]: 0, [rankQ!]: [0, 3, 1, 2], [scaleQ!]: 5 },
    now: at(-1),
  });
  await submitResponse({
    actor: cast.neighbour2,
    actorRoles: cast.neighbour2.roles,
    consultationId: open.id,
    answers: { [useQ!]: 2, [rankQ!]: [2, 1, 0], [scaleQ!]: 3 },
    now: at(-1, 2),
  });
  const statement = await submitStatement({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    consultationId: open.id,
    text: "白天做休闲区，晚上 8 点后开放临时停车。",
    now: at(-1),
  });
  await moderateStatement({
    ...manage,
    consultationId: open.id,
    statementId: statement.id,
    decision: "approve",
    now: at(-1, 1),
  });
  await voteStatement({
    actor: cast.neighbour2,
    actorRoles: cast.neighbour2.roles,
    consultationId: open.id,
    statementId: statement.id,
    vote: "agree",
    now: at(-1, 3),
  });
  const upcoming = await createMeeting({
    ...manage,
    values: {
      consultationId: open.id,
      title: "东门空地用途居民议事会",
      place: "社区党群服务中心议事厅",
      startsAt: at(5, 11.5),
      endsAt: at(5, 13.5),
      capacity: 30,
      councilSize: 9,
    },
    now: at(-2),
  });
  await registerForMeeting({
    actor: cast.neighbour,
    actorRoles: cast.neighbour.roles,
    meetingId: upcoming.id,
    now: at(-1),
  });

  // A closed consultation: answered, deliberated at a meeting, outcome published with follow-ups.
  const closed = await createConsultation({
    ...manage,
    areaCode: committeeRole.areaCode,
    fields: {
      title: "社区花园夜间照明改造方案",
      background: "花园晚上太暗，有老人摔倒。请大家在两种照明方案中选择，并评价现在的安全感。",
      opensAt: at(-40),
      closesAt: at(-20),
      eligibility: "verified",
      liveResults: false,
      allowStatements: false,
    },
    now: at(-41),
  });
  const [planQ, safetyQ] = await addQuestions(committee, closed.id, [
    {
      kind: "single",
      prompt: "您支持哪种照明方案？",
      options: ["太阳能草坪灯（约 2 万元）", "市电庭院灯（约 4.5 万元）"],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
    {
      kind: "scale",
      prompt: "现在晚上在花园里您觉得安全吗？（1 很不安全 – 5 很安全）",
      options: [],
      minChoices: null,
      maxChoices: null,
      required: true,
    },
  ]);
  await publishConsultation({ ...manage, consultationId: closed.id, now: at(-40, -1) });
  for (const [k, plan, safety] of [
    ["resident", 1, 2],
    ["neighbour", 1, 1],
    ["neighbour2", 0, 3],
  ] as const) {
    await submitResponse({
      actor: cast[k],
      actorRoles: cast[k].roles,
      consultationId: closed.id,
      answers: { [planQ!]: plan, [safetyQ!]: safety },
      now: at(-30),
    });
  }
  const held = await createMeeting({
    ...manage,
    values: {
      consultationId: closed.id,
      title: "花园照明方案居民议事会",
      place: "社区党群服务中心议事厅",
      startsAt: at(-25, 11.5),
      endsAt: at(-25, 13.5),
      capacity: 20,
      councilSize: 9,
    },
    now: at(-35),
  });
  const registration = await registerForMeeting({
    actor: cast.resident,
    actorRoles: cast.resident.roles,
    meetingId: held.id,
    now: at(-30),
  });
  await checkIn({ ...manage, meetingId: held.id, code: registration.code, now: at(-25, 11.4) });
  await recordMotion({
    ...manage,
    meetingId: held.id,
    motion: "采用市电庭院灯方案，由街道统筹资金",
    members: 9,
    present: 8,
    yes: 6,
    no: 1,
    abstain: 1,
    now: at(-25, 13),
  });
  await publishMinutes({
    ...manage,
    meetingId: held.id,
    minutes:
      "应到议事会成员 9 人，实到 8 人。多数居民认为太阳能灯亮度不够、阴雨天不稳定。表决：赞成 6，反对 1，弃权 1，通过采用市电庭院灯方案。",
    now: at(-25, 15),
  });
  await publishOutcome({
    ...manage,
    values: {
      consultationId: closed.id,
      title: "花园夜间照明：采用市电庭院灯方案",
      summary: "问卷 3 份，议事会实到 8 人。两种方案中，多数居民支持更亮、更稳定的市电庭院灯。",
      decisions:
        "采用市电庭院灯方案（约 4.5 万元），纳入 2026 年下半年民生实事，由街道统筹资金；施工前在宣传栏公示灯位。",
      noticeDays: 7,
      items: [
        {
          opinion: "采用市电庭院灯",
          handling: "adopted",
          reason: "问卷和议事会表决均为多数支持，照明更稳定。",
        },
        {
          opinion: "采用太阳能草坪灯以节省费用",
          handling: "not_adopted",
          reason: "阴雨天亮度不足，难以解决老人夜间摔倒的问题。",
        },
        {
          opinion: "灯光不要照进低层住户窗户",
          handling: "partly",
          reason: "采用带遮光罩的灯具，具体灯位施工前公示征求意见。",
        },
      ],
      actions: [
        { title: "完成灯位设计并在宣传栏公示", owner: "车陂北社区居委会", dueOn: day(at(-5)) },
        { title: "完成庭院灯安装并验收", owner: "车陂街道城管办", dueOn: day(at(40)) },
      ],
    },
    now: at(-15),
  });

  log(
    "kapok: demo matters and consultations: matters at every stage, an open consultation with a meeting, a published outcome",
  );
}

/** A calendar day in Beijing, YYYY-MM-DD. */
function day(at: Date) {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
