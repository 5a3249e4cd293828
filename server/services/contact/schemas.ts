import { z } from "zod";
import { EntityId } from "../message/schemas";

export const ContactIdInput = z.strictObject({ contactId: EntityId });
export type ContactIdInput = z.infer<typeof ContactIdInput>;

/** `survivorId` stays; `mergedId` joins it (its identities and conversations move over). */
export const MergeContactsByAgentInput = z.strictObject({ survivorId: EntityId, mergedId: EntityId });
export type MergeContactsByAgentInput = z.infer<typeof MergeContactsByAgentInput>;

export const UndoContactMergeInput = z.strictObject({ mergeId: EntityId });
export type UndoContactMergeInput = z.infer<typeof UndoContactMergeInput>;

export const DismissDuplicateInput = z.strictObject({ contactId: EntityId, otherContactId: EntityId });
export type DismissDuplicateInput = z.infer<typeof DismissDuplicateInput>;
