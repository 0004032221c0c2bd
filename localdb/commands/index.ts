// Command dispatch: the command name is the first field of the body, the database is `$db`.
import { MongoError, errorReply } from '../errors.js';
import type { Doc } from '../values.js';
import { adminCommands } from './admin.js';
import type { CommandContext, CommandHandler, Reply } from './context.js';
import { ddlCommands } from './ddl.js';
import { readCommands } from './read.js';
import { snapshotCommands } from './snapshot.js';
import { writeCommands } from './write.js';

const COMMANDS: Record<string, CommandHandler> = {
  ...adminCommands,
  ...ddlCommands,
  ...readCommands,
  ...snapshotCommands,
  ...writeCommands,
};

const TRANSACTION_COMMANDS = new Set(['commitTransaction', 'abortTransaction']);

export async function runCommand(body: Doc, db: string, ctx: CommandContext): Promise<Reply> {
  const name = Object.keys(body)[0];
  try {
    if (name === undefined) throw new MongoError(59, 'no such command: ');
    if (TRANSACTION_COMMANDS.has(name) || body.startTransaction !== undefined || body.autocommit !== undefined) {
      throw new MongoError(20, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!handler) throw new MongoError(59, `no such command: '${name}'`);
    return await handler(body, db, ctx);
  } catch (e) {
    return errorReply(e);
  }
}
