import { Types, type Connection } from 'mongoose';
import type { Role } from '../auth/roles.js';
import type { SessionUser } from '../auth/types.js';
import { fictionalUsers } from './fictional.js';
import { userModel, type UserDoc, type UserModel } from './model.js';
import { isDuplicateKeyError } from '../mongo-errors.js';

/** A staff user as admins see it: never a national identity number. */
export interface StaffUserView {
  id: string;
  name: string;
  role: Role;
  login: string | null;
  unitId: string | null;
  lead: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
}

export interface StaffUserInput {
  name: string;
  role: Exclude<Role, 'citizen'>;
  login: string;
  unitId?: string | null;
  lead?: boolean;
}

export type StaffUserChanges = Partial<StaffUserInput & { active: boolean }>;

export class DuplicateLoginError extends Error {
  constructor() {
    super('a user with this login already exists');
    this.name = 'DuplicateLoginError';
  }
}

export class Users {
  readonly model: UserModel;

  constructor(connection: Connection) {
    this.model = userModel(connection);
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** The session user for an id, if the user exists and is active. */
  async sessionUser(id: string): Promise<SessionUser | undefined> {
    const doc = await this.model.findById(id).lean();
    return doc && doc.active ? toSessionUser(doc) : undefined;
  }

  /** A citizen signing in through ID-porten: found by national identity number, or created. */
  async signInCitizen(nationalId: string, name: string | undefined): Promise<SessionUser | undefined> {
    const now = new Date();
    const existing = await this.model.findOne({ nationalId }).lean();
    if (existing) {
      if (!existing.active || existing.role !== 'citizen') return undefined;
      await this.model.updateOne({ _id: existing._id }, { $set: { lastSignInAt: now, ...(name ? { name, updatedAt: now } : {}) } });
      return toSessionUser({ ...existing, ...(name ? { name } : {}) });
    }
    const doc = await this.model.create({
      _id: new Types.ObjectId().toHexString(),
      name: name ?? '',
      role: 'citizen',
      active: true,
      nationalId,
      createdAt: now,
      updatedAt: now,
      lastSignInAt: now,
    }).catch(async (error: unknown) => {
      // Two first sign-ins at once: the other one created the user.
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    });
    if (!doc) return this.signInCitizen(nationalId, name);
    return toSessionUser(doc.toObject());
  }

  /**
   * A staff member signing in: found by login. Unknown logins are refused unless listed in
   * STAFF_ADMINS (the first admins of a new installation), who are created as admins.
   */
  async signInStaff(login: string, name: string | undefined, bootstrapAdmins: readonly string[]): Promise<SessionUser | undefined> {
    const normalized = login.trim().toLowerCase();
    const now = new Date();
    const existing = await this.model.findOne({ login: normalized }).lean();
    if (existing) {
      if (!existing.active || existing.role === 'citizen') return undefined;
      await this.model.updateOne({ _id: existing._id }, { $set: { lastSignInAt: now } });
      return toSessionUser(existing);
    }
    if (!bootstrapAdmins.includes(normalized)) return undefined;
    const created = await this.createStaff({ name: name || normalized, role: 'admin', login: normalized });
    return this.sessionUser(created.id);
  }

  /** Creates (or resets) the fictional users of the development sign-in. */
  async seedFictionalUsers(): Promise<void> {
    const now = new Date();
    for (const user of fictionalUsers) {
      await this.model.updateOne(
        { _id: user.id },
        {
          $set: {
            name: user.name,
            role: user.role,
            active: true,
            fictional: true,
            updatedAt: now,
            ...(user.nationalId ? { nationalId: user.nationalId } : {}),
            ...(user.unitId ? { unitId: user.unitId } : {}),
            ...(user.lead ? { lead: true } : {}),
          },
          $setOnInsert: { createdAt: now },
        },
        { upsert: true },
      );
    }
  }

  async listStaff(filter: { role?: Role; q?: string } = {}): Promise<StaffUserView[]> {
    const query: Record<string, unknown> = { role: filter.role ?? { $ne: 'citizen' } };
    const docs = await this.model.find(query).sort({ name: 1 }).limit(1000).lean();
    const q = filter.q?.toLowerCase();
    return docs.filter((doc) => !q || doc.name.toLowerCase().includes(q) || (doc.login ?? '').includes(q)).map(toStaffView);
  }

  async findStaff(id: string): Promise<StaffUserView | undefined> {
    const doc = await this.model.findOne({ _id: id, role: { $ne: 'citizen' } }).lean();
    return doc ? toStaffView(doc) : undefined;
  }

  async createStaff(input: StaffUserInput): Promise<StaffUserView> {
    const now = new Date();
    const login = input.login.trim().toLowerCase();
    if (await this.model.exists({ login })) throw new DuplicateLoginError();
    try {
      const doc = await this.model.create({
        _id: new Types.ObjectId().toHexString(),
        name: input.name,
        role: input.role,
        active: true,
        login,
        ...(input.unitId ? { unitId: input.unitId } : {}),
        ...(input.lead ? { lead: true } : {}),
        createdAt: now,
        updatedAt: now,
      });
      return toStaffView(doc.toObject());
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DuplicateLoginError();
      throw error;
    }
  }

  async updateStaff(id: string, changes: StaffUserChanges): Promise<StaffUserView | undefined> {
    const set: Record<string, unknown> = { updatedAt: new Date() };
    const unset: Record<string, ''> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.role !== undefined) set.role = changes.role;
    if (changes.active !== undefined) set.active = changes.active;
    if (changes.login !== undefined) {
      const login = changes.login.trim().toLowerCase();
      if (await this.model.exists({ login, _id: { $ne: id } })) throw new DuplicateLoginError();
      set.login = login;
    }
    if (changes.unitId !== undefined) {
      if (changes.unitId === null) unset.unitId = '';
      else set.unitId = changes.unitId;
    }
    if (changes.lead !== undefined) set.lead = changes.lead;
    const update = Object.keys(unset).length > 0 ? { $set: set, $unset: unset } : { $set: set };
    const doc = await this.model.findOneAndUpdate({ _id: id, role: { $ne: 'citizen' } }, update, { new: true }).lean();
    return doc ? toStaffView(doc) : undefined;
  }
}

export function toSessionUser(doc: Pick<UserDoc, '_id' | 'name' | 'role' | 'nationalId' | 'unitId' | 'lead'>): SessionUser {
  return {
    id: doc._id,
    name: doc.name,
    role: doc.role,
    ...(doc.nationalId ? { nationalId: doc.nationalId } : {}),
    ...(doc.unitId ? { unitId: doc.unitId } : {}),
    ...(doc.lead ? { lead: true } : {}),
  };
}

function toStaffView(doc: UserDoc): StaffUserView {
  return {
    id: doc._id,
    name: doc.name,
    role: doc.role,
    login: doc.login ?? null,
    unitId: doc.unitId ?? null,
    lead: doc.lead === true,
    active: doc.active,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
    lastSignInAt: doc.lastSignInAt ? doc.lastSignInAt.toISOString() : null,
  };
}
