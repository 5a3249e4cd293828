"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Avatar } from "@/components/ui/avatar";
import { inputClass, Notice } from "@/components/ui/notice";

const AVATAR_PIXELS = 128;

/** Crops the chosen image to a centred square and shrinks it, so the stored picture stays a few kilobytes. */
async function shrinkToAvatar(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height);
  const canvas = document.createElement("canvas");
  canvas.width = AVATAR_PIXELS;
  canvas.height = AVATAR_PIXELS;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot resize pictures");
  context.drawImage(
    bitmap,
    (bitmap.width - side) / 2,
    (bitmap.height - side) / 2,
    side,
    side,
    0,
    0,
    AVATAR_PIXELS,
    AVATAR_PIXELS,
  );
  bitmap.close();
  return canvas.toDataURL("image/jpeg", 0.85);
}

/** Name and picture, as teammates see them. */
export function ProfileSection() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.account.profile.queryOptions());
  if (profile.isError) return <Notice tone="error">{profile.error.message}</Notice>;
  if (!profile.data) return <p className="text-sm text-slate-400">Loading…</p>;
  return <ProfileForm saved={profile.data} />;
}

type Profile = { name: string; email: string; avatarUrl: string | null };

function ProfileForm({ saved }: { saved: Profile }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(saved.name);
  const [avatarUrl, setAvatarUrl] = useState(saved.avatarUrl);
  const [notice, setNotice] = useState<{ tone: "error" | "ok"; text: string } | null>(null);

  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: (saved) => {
        setNotice({ tone: "ok", text: "Profile saved." });
        queryClient.setQueryData(trpc.account.profile.queryKey(), saved);
        return queryClient.invalidateQueries({ queryKey: trpc.workspace.members.queryKey() });
      },
      onError: (error) => setNotice({ tone: "error", text: error.message }),
    }),
  );

  const onPicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    try {
      setAvatarUrl(await shrinkToAvatar(file));
      setNotice(null);
    } catch {
      setNotice({ tone: "error", text: "That file could not be read as a picture." });
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate({ name, avatarUrl });
  };

  return (
    <form onSubmit={onSubmit} className="flex items-start gap-5">
      <div className="flex flex-col items-center gap-2">
        <Avatar name={name || "?"} seed={saved.email} src={avatarUrl} size="lg" />
        <label className="cursor-pointer text-xs font-medium text-brand-700 hover:underline">
          Choose picture
          <input type="file" accept="image/png,image/jpeg,image/webp" className="sr-only" onChange={onPicture} />
        </label>
        {avatarUrl && (
          <button type="button" onClick={() => setAvatarUrl(null)} className="text-xs text-slate-500 hover:underline">
            Remove picture
          </button>
        )}
      </div>
      <div className="flex-1 space-y-3">
        <label className="block">
          <span className="text-xs text-slate-600">Display name</span>
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            required
            maxLength={100}
            autoComplete="name"
            className={inputClass}
          />
        </label>
        <p className="text-xs text-slate-500">{saved.email}</p>
        <button
          type="submit"
          disabled={save.isPending}
          className="rounded-lg bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-60"
        >
          Save profile
        </button>
        {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      </div>
    </form>
  );
}
