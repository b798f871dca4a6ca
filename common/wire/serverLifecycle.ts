/** What an embedded signaling server reports to the process that forked it. */
import { z } from 'zod';

export const ServerReadyMessageSchema = z.object({
  type: z.literal('meshwork-server-ready'),
  url: z.string().url(),
  version: z.string(),
  /** The LAN join code other installs use to get a token from this embedded server. */
  joinCode: z.string().optional(),
});
export type ServerReadyMessage = z.infer<typeof ServerReadyMessageSchema>;

export const HealthReportSchema = z.object({
  status: z.literal('ok'),
  version: z.string(),
  uptimeSeconds: z.number().nonnegative(),
  connections: z.number().int().nonnegative(),
});
export type HealthReport = z.infer<typeof HealthReportSchema>;
