//! Optional e-mail copies of notifications, through an SMTP relay given with
//! `filiera serve --smtp-url smtp://host:port` (a local relay: no TLS).
//!
//! Mail is sent after the unit of work that wrote the notifications has
//! committed, from a spawned task: a slow or failing relay never delays or
//! fails the request, and a rolled-back change never sends mail. A failure is
//! logged; the in-app notification is there either way.

use crate::i18n::Tr;
use filiera_storage::notifications::Delivery;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// The sender written on every message.
pub const FROM: &str = "filiera <notifications@filiera.invalid>";

/// An SMTP relay to send notification e-mails through.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish()
    }
}

impl Mailer {
    /// A mailer for `smtp://host[:port]` (port 25 when not given). Any other
    /// form is refused with a sentence saying what is expected.
    pub fn from_url(url: &str) -> Result<Mailer, String> {
        let expected = || format!("`{url}` is not an SMTP address: write smtp://host:port");
        let rest = url.trim().strip_prefix("smtp://").ok_or_else(expected)?;
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| expected())?),
            None => (rest, 25),
        };
        if host.is_empty() || host.contains(['/', '@', '?']) {
            return Err(expected());
        }
        // No TLS: the relay is local (see the module comment).
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .build();
        Ok(Mailer {
            transport,
            from: FROM.parse().map_err(|e| format!("sender address: {e}"))?,
        })
    }

    /// The message telling one delivery, in its recipient's language.
    pub fn message(&self, delivery: &Delivery) -> Result<Message, String> {
        let t = Tr::new(
            delivery
                .preferred_language
                .as_deref()
                .unwrap_or(crate::i18n::DEFAULT_LANGUAGE),
        );
        let subject = t.args(delivery.kind.message_key(), &delivery.message_args);
        let body = format!("{subject}\n\n{}: {}\n", t.get("notification-mail-open"), delivery.link);
        let to: Mailbox = delivery
            .email
            .parse()
            .map_err(|e| format!("recipient {}: {e}", delivery.email))?;
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|e| e.to_string())
    }

    /// Sends the deliveries from a spawned task; failures are logged only.
    pub fn send_in_background(&self, deliveries: Vec<Delivery>) {
        if deliveries.is_empty() {
            return;
        }
        let mailer = self.clone();
        tokio::spawn(async move {
            for delivery in deliveries {
                let sent = match mailer.message(&delivery) {
                    Ok(message) => mailer
                        .transport
                        .send(message)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    Err(error) => Err(error),
                };
                match sent {
                    Ok(()) => tracing::debug!(notification = %delivery.id, "notification e-mail sent"),
                    Err(error) => {
                        tracing::warn!(notification = %delivery.id, %error, "notification e-mail not sent")
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_smtp_address_with_a_host_is_accepted() {
        assert!(Mailer::from_url("smtp://127.0.0.1:2525").is_ok());
        assert!(Mailer::from_url("smtp://relay.local").is_ok());
        for bad in [
            "http://x:25",
            "smtp://",
            "smtp://:25",
            "smtp://host:port",
            "smtp://u@host:25",
        ] {
            assert!(Mailer::from_url(bad).is_err(), "{bad}");
        }
    }
}
