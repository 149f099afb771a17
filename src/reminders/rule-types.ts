import { encodeGlobalID } from '@pothos/plugin-relay';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { mutationErrors } from '../graphql/error-types.js';
import { globalIdOf } from '../graphql/global-id.js';
import { anyOf } from '../graphql/pagination.js';
import { getSettings, type SettingsRow } from '../settings/service.js';
import { tasks } from '../tasks/tables.js';
import { TaskRef } from '../tasks/task-node.js';
import { viewerOf } from '../tasks/task-permissions.js';
import { reminderDueAt } from './reminder-time.js';
import { clearTaskReminderRules, MAX_RULES_PER_TASK, setTaskReminderRules } from './rules.js';
import { reminderChannelEnum, reminderRules, reminderStatusEnum, taskReminders } from './tables.js';

type RuleWithDeadline = typeof reminderRules.$inferSelect & { deadline: Date | null };
type ReminderRow = typeof taskReminders.$inferSelect;

export const ReminderChannelEnum = builder.enumType('ReminderChannel', {
  description: 'How a reminder reaches the responsible: EMAIL, an in-app MESSAGE, or BOTH.',
  values: reminderChannelEnum.enumValues,
});

const ReminderStatusEnum = builder.enumType('ReminderStatus', {
  values: reminderStatusEnum.enumValues,
});

/** Loads the settings once per request, for the time zone of every rule in a response. */
const settingsOfRequest = new WeakMap<Context, Promise<SettingsRow>>();
function requestSettings(context: Context): Promise<SettingsRow> {
  let settings = settingsOfRequest.get(context);
  if (!settings) {
    settings = getSettings(context.db);
    settingsOfRequest.set(context, settings);
  }

  return settings;
}

const TaskReminderRef = builder.objectRef<ReminderRow>('TaskReminder').implement({
  description: 'A reminder that came due for one channel of a rule and one deadline of the task.',
  fields: (t) => ({
    channel: t.expose('channel', { type: ReminderChannelEnum }),
    deadline: t.expose('deadline', { type: 'DateTime' }),
    dueAt: t.expose('dueAt', { type: 'DateTime' }),
    scheduledAt: t.expose('scheduledAt', { type: 'DateTime' }),
    late: t.exposeBoolean('late', {
      description: 'Scheduled after its due time: missed while no worker ran, or set too late.',
    }),
    status: t.expose('status', { type: ReminderStatusEnum }),
    skipReason: t.exposeString('skipReason', { nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const TaskReminderRuleRef = builder.objectRef<RuleWithDeadline>('TaskReminderRule').implement({
  fields: (t) => ({
    id: t.id({ resolve: (rule) => encodeGlobalID('TaskReminderRule', rule.id) }),
    channel: t.expose('channel', { type: ReminderChannelEnum }),
    daysBefore: t.exposeInt('daysBefore', {
      description: 'Calendar days before the deadline in the company time zone; 0 is at it.',
    }),
    remindAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the reminder for the current deadline is due; null without a deadline.',
      resolve: async (rule, _args, context) => {
        if (!rule.deadline) return null;
        const settings = await requestSettings(context);

        return reminderDueAt(rule.deadline, rule.daysBefore, settings.timeZone);
      },
    }),
    reminders: t.loadableGroup({
      type: TaskReminderRef,
      description: 'Reminders of this rule that came due, oldest first.',
      load: (ids: string[], context) =>
        context.db
          .select()
          .from(taskReminders)
          .where(anyOf(taskReminders.ruleId, ids))
          .orderBy(asc(taskReminders.dueAt), asc(taskReminders.channel)),
      group: (reminder) => reminder.ruleId,
      resolve: (rule) => rule.id,
    }),
  }),
});

builder.objectField(TaskRef, 'reminderRules', (t) =>
  t.loadableGroup({
    type: TaskReminderRuleRef,
    description: 'How and when the responsible is reminded of the deadline.',
    load: (ids: string[], context) =>
      context.db
        .select({ rule: reminderRules, deadline: tasks.deadline })
        .from(reminderRules)
        .innerJoin(tasks, eq(tasks.id, reminderRules.taskId))
        .where(anyOf(reminderRules.taskId, ids))
        .orderBy(asc(reminderRules.daysBefore), asc(reminderRules.channel))
        .then((rows) => rows.map((row) => ({ ...row.rule, deadline: row.deadline }))),
    group: (rule) => rule.taskId,
    resolve: (task) => task.id,
  }),
);

const daysBeforeRule = z
  .number()
  .int('must be a whole number of days; send 0 for the deadline itself or 1 to 30')
  .min(0, 'must be from 0 (at the deadline) to 30 days before it; send a number in that range')
  .max(30, 'must be from 0 (at the deadline) to 30 days before it; send a number in that range');

const TaskReminderRuleInput = builder.inputType('TaskReminderRuleInput', {
  fields: (t) => ({
    channel: t.field({ type: ReminderChannelEnum }),
    daysBefore: t.int({
      required: false,
      description:
        'Days before the deadline, 0-30; defaults to the defaultReminderDaysBefore setting.',
      validate: daysBeforeRule,
    }),
  }),
});

builder.mutationFields((t) => ({
  setTaskReminderRules: t.field({
    type: TaskRef,
    description:
      'Replaces the reminder rules of a task. For its creator or responsible, a manager or an admin.',
    errors: mutationErrors,
    args: {
      taskId: t.arg.id({ validate: globalIdOf('Task') }),
      rules: t.arg({
        type: [TaskReminderRuleInput],
        validate: z
          .array(z.unknown())
          .max(MAX_RULES_PER_TASK, `must list at most ${MAX_RULES_PER_TASK} rules; drop some`),
      }),
    },
    resolve: async (_root, { taskId, rules }, context) => {
      const viewer = viewerOf(context);
      await context.db.transaction((tx) => setTaskReminderRules(tx, viewer, taskId, rules));
      context.log.info(
        { event: 'task_reminders_set', taskId, rules: rules.length },
        'reminders set',
      );

      return taskId;
    },
  }),
  clearTaskReminderRules: t.field({
    type: TaskRef,
    description: 'Removes every reminder rule of a task; reminders not yet sent are dropped.',
    errors: mutationErrors,
    args: { taskId: t.arg.id({ validate: globalIdOf('Task') }) },
    resolve: async (_root, { taskId }, context) => {
      const viewer = viewerOf(context);
      await context.db.transaction((tx) => clearTaskReminderRules(tx, viewer, taskId));
      context.log.info({ event: 'task_reminders_cleared', taskId }, 'reminders cleared');

      return taskId;
    },
  }),
}));
