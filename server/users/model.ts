import { Schema, type Connection, type Model } from 'mongoose';
import type { Language } from '../../forms/index.js';
import { roles, type Role } from '../auth/roles.js';

/**
 * A user of the product. Citizens are created at their first sign-in through ID-porten and are
 * known by their national identity number; staff are created by an admin and are matched at sign-in
 * by `login`, the value of the staff identity provider's login claim (OIDC_STAFF_LOGIN_CLAIM).
 * Roles live here, not in the identity provider: they are this product's concepts and admins
 * change them (with audit) without touching the municipality's directory.
 */
export interface UserDoc {
  _id: string;
  name: string;
  role: Role;
  active: boolean;
  /** Citizens only. Never logged, never listed to admins. */
  nationalId?: string;
  /** Staff only: lower-cased login claim value. */
  login?: string;
  unitId?: string;
  lead?: boolean;
  /** Staff: work e-mail, e.g. for the person's letter naming their coordinator. */
  email?: string;
  /** Staff: the language of their notifications, chosen by themselves (default nb). */
  language?: Language;
  /** A fictional user of the development sign-in. */
  fictional?: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastSignInAt?: Date;
}

const schema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, default: '', maxlength: 200 },
    role: { type: String, required: true, enum: roles },
    active: { type: Boolean, required: true, default: true },
    nationalId: String,
    login: String,
    unitId: String,
    lead: Boolean,
    email: String,
    language: { type: String, enum: ['nb', 'nn', 'en'] },
    fictional: Boolean,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    lastSignInAt: Date,
  },
  { versionKey: false, autoIndex: false, collection: 'users', strict: 'throw' },
);
schema.index({ nationalId: 1 }, { unique: true, sparse: true });
schema.index({ login: 1 }, { unique: true, sparse: true });
schema.index({ role: 1, name: 1 });

export type UserModel = Model<UserDoc>;

export function userModel(connection: Connection): UserModel {
  return (connection.models.User as UserModel | undefined) ?? connection.model<UserDoc>('User', schema);
}
