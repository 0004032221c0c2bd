import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const departmentSchema = new Schema(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    /** Lowercase, accent-free key used to match "Burgerzaken" and "burgerzaken " alike. */
    key: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, ref: 'Department' },
  },
  { timestamps: true },
);
departmentSchema.index({ key: 1 }, { unique: true });

export type DepartmentFields = InferSchemaType<typeof departmentSchema>;
export const Department = mongoose.model('Department', departmentSchema);

/** The key a department name is matched on. */
export function departmentKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
