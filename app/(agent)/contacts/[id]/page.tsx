import { ContactPage } from "@/components/contacts/contact-page";

export const metadata = { title: "Contact · Switchboard" };

export default async function ContactRoute({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ContactPage contactId={id} />;
}
