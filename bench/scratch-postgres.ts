import postgres from "postgres";

/** A throwaway PostgreSQL database for one run, dropped afterwards. */
export async function withScratchPostgres<T>(adminUrl: string, run: (url: string) => Promise<T>): Promise<T> {
  const name = `switchboard_bench_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await run(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
