//! The SMTP sender against a real SMTP server: a small sink on a local TCP port, speaking
//! enough SMTP for lettre (greeting, EHLO, MAIL, RCPT, DATA, RSET, QUIT). It either
//! accepts every mail or refuses every recipient with 550.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use app::db::outbox::{self, MAX_ATTEMPTS};
use app::db::testing::TestDb;
use base64::Engine;
use server::config::SmtpConfig;
use server::mailer::{Mailer, Round};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

const FROM: &str = "Coin du partage <ne-pas-repondre@example.org>";

#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Clone, Copy)]
pub(crate) enum Mode {
    Accept,
    Refuse,
}

pub(crate) struct Sink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    pub async fn start(mode: Mode) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(converse(stream, mode, store.clone()));
            }
        });
        Sink { addr, received, task }
    }

    pub fn mails(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Path of an address in `MAIL FROM:<a@b> …` / `RCPT TO:<a@b>`.
fn angle(line: &str) -> String {
    line.split('<').nth(1).and_then(|r| r.split('>').next()).unwrap_or("").to_string()
}

async fn converse(stream: TcpStream, mode: Mode, store: Arc<Mutex<Vec<Received>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let say = async |w: &mut tokio::net::tcp::OwnedWriteHalf, s: &str| w.write_all(format!("{s}\r\n").as_bytes()).await;
    let _ = say(&mut write, "220 sink.test ESMTP").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply = match verb.as_str() {
            "EHLO" | "HELO" => "250 sink.test".to_string(),
            "MAIL" => {
                from = angle(&line);
                "250 2.1.0 Ok".into()
            }
            "RCPT" => match mode {
                Mode::Accept => {
                    to.push(angle(&line));
                    "250 2.1.5 Ok".into()
                }
                // Like real servers, quote the address (the sender must not log it).
                Mode::Refuse => format!("550 5.1.1 <{}>: Recipient address rejected", angle(&line)),
            },
            "DATA" => {
                let _ = say(&mut write, "354 End data with <CR><LF>.<CR><LF>").await;
                let mut data = String::new();
                while let Ok(Some(l)) = lines.next_line().await {
                    if l == "." {
                        break;
                    }
                    // Dot-stuffing: a line starting with "." was sent with one more.
                    data.push_str(if l.starts_with("..") { &l[1..] } else { &l });
                    data.push('\n');
                }
                store.lock().unwrap().push(Received { from: from.clone(), to: std::mem::take(&mut to), data });
                "250 2.0.0 Ok: queued".into()
            }
            "RSET" | "NOOP" => "250 2.0.0 Ok".into(),
            "QUIT" => {
                let _ = say(&mut write, "221 2.0.0 Bye").await;
                return;
            }
            _ => "502 5.5.2 Command not recognized".into(),
        };
        if say(&mut write, &reply).await.is_err() {
            return;
        }
    }
}

/// Headers (unfolded) and the decoded body of a received message.
pub(crate) fn parse(data: &str) -> (Vec<(String, String)>, String) {
    let (head, body) = data.split_once("\n\n").expect("headers, blank line, body");
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in head.lines() {
        if line.starts_with([' ', '\t']) {
            headers.last_mut().expect("a header to continue").1.push_str(line.trim_start());
        } else if let Some((k, v)) = line.split_once(':') {
            headers.push((k.to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let cte = header(&headers, "content-transfer-encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match cte.as_str() {
        "base64" => base64::engine::general_purpose::STANDARD.decode(body.split_whitespace().collect::<String>()).unwrap(),
        "quoted-printable" => quoted_printable(body),
        _ => body.as_bytes().to_vec(),
    };
    let text = String::from_utf8(bytes).expect("UTF-8 body").replace("\r\n", "\n");
    (headers, text)
}

pub(crate) fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let joined = body.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).expect("=XX"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, also `?q?`), as lettre writes subjects.
pub(crate) fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut previous_encoded = false;
    for word in value.split_whitespace() {
        let parts: Vec<&str> = word.split('?').collect();
        let encoded = parts.len() == 5 && parts[0] == "=" && parts[4] == "=";
        // The space between two encoded words is not part of the text.
        if !out.is_empty() && !(encoded && previous_encoded) {
            out.push(' ');
        }
        if encoded {
            let bytes = match parts[2].to_ascii_lowercase().as_str() {
                "b" => base64::engine::general_purpose::STANDARD.decode(parts[3]).unwrap(),
                _ => quoted_printable(&parts[3].replace('_', " ")),
            };
            out.push_str(&String::from_utf8(bytes).unwrap());
        } else {
            out.push_str(word);
        }
        previous_encoded = encoded;
    }
    out
}

pub(crate) fn mailer(port: u16) -> Mailer {
    let config = SmtpConfig {
        url: format!("smtp://127.0.0.1:{port}"),
        from: FROM.parse().unwrap(),
        host: "127.0.0.1".into(),
        port,
    };
    Mailer::new(&config).expect("a valid SMTP URL")
}

async fn enqueue(db: &TestDb, to: &str, subject: &str, body: &str) {
    let mut tx = db.pool.begin().await.unwrap();
    outbox::enqueue(&mut tx, to, subject, body).await.unwrap();
    tx.commit().await.unwrap();
}

#[derive(Debug, sqlx::FromRow)]
struct State {
    id: i64,
    sent: bool,
    attempts: i64,
    last_error: Option<String>,
    due: bool,
}

async fn states(db: &TestDb) -> Vec<State> {
    sqlx::query_as(
        "SELECT id, sent_at IS NOT NULL AS sent, attempts, last_error,
                (next_attempt_at IS NULL OR next_attempt_at <= $1) AS due
         FROM outbox ORDER BY id",
    )
    .bind(app::db::now())
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

const BODY: &str = "Bonjour Léa,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure) :\n\
    http://127.0.0.1:3000/mot-de-passe/nouveau?jeton=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n\nÀ bientôt — l’équipe du Coin du partage.\n";

#[test]
fn smtp_delivers_queued_mails_as_utf8_text() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let sink = Sink::start(Mode::Accept).await;
        enqueue(&db, "lea@example.org", "Réinitialisation de votre mot de passe", BODY).await;
        enqueue(&db, "sam@example.org", "Confirmez votre adresse électronique", "Bonjour Sam.\n").await;

        let round = mailer(sink.addr.port()).deliver_due(&db.pool).await.unwrap();
        assert_eq!(round, Round { sent: 2, failed: 0 });

        // A batch's mails leave at once: in any order.
        let mut mails = sink.mails();
        mails.sort_by(|a, b| a.to.cmp(&b.to));
        assert_eq!(mails.len(), 2);
        assert_eq!(mails[0].from, "ne-pas-repondre@example.org");
        assert_eq!(mails[0].to, vec!["lea@example.org".to_string()]);
        assert_eq!(mails[1].to, vec!["sam@example.org".to_string()]);
        let (headers, body) = parse(&mails[0].data);
        assert_eq!(decode_words(&header(&headers, "subject").unwrap()), "Réinitialisation de votre mot de passe");
        assert!(header(&headers, "content-type").unwrap().to_ascii_lowercase().contains("charset=utf-8"));
        assert!(header(&headers, "from").unwrap().contains("ne-pas-repondre@example.org"));
        assert!(header(&headers, "message-id").unwrap().ends_with("@example.org>"));
        assert_eq!(body.trim_end(), BODY.trim_end());
        let (headers, _) = parse(&mails[1].data);
        assert_eq!(decode_words(&header(&headers, "subject").unwrap()), "Confirmez votre adresse électronique");

        for s in states(&db).await {
            assert!(s.sent && s.attempts == 1 && s.last_error.is_none(), "{s:?}");
        }
        // Nothing is sent twice.
        assert_eq!(mailer(sink.addr.port()).deliver_due(&db.pool).await.unwrap(), Round::default());
        assert_eq!(sink.mails().len(), 2);
        db.drop_db().await;
    })
}

#[test]
fn smtp_refusal_is_retried_later_and_not_marked_sent() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let refusing = Sink::start(Mode::Refuse).await;
        enqueue(&db, "lea@example.org", "Réinitialisation de votre mot de passe", BODY).await;

        let round = mailer(refusing.addr.port()).deliver_due(&db.pool).await.unwrap();
        assert_eq!(round, Round { sent: 0, failed: 1 });
        let s = &states(&db).await[0];
        assert!(!s.sent && s.attempts == 1 && !s.due, "{s:?}");
        let error = s.last_error.clone().unwrap();
        assert!(error.contains("550") && !error.contains("lea@example.org"), "{error}");
        assert!(refusing.mails().is_empty());
        // Backing off: not tried again at once.
        assert_eq!(mailer(refusing.addr.port()).deliver_due(&db.pool).await.unwrap(), Round::default());

        // Unreachable relay (nothing listens on the port): also a failure to retry.
        let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        sqlx::query("UPDATE outbox SET next_attempt_at = NULL").execute(&db.pool).await.unwrap();
        assert_eq!(mailer(closed).deliver_due(&db.pool).await.unwrap(), Round { sent: 0, failed: 1 });
        let s = &states(&db).await[0];
        assert!(!s.sent && s.attempts == 2 && !s.due, "{s:?}");

        // When the retry is due and the relay accepts, the mail leaves once.
        let accepting = Sink::start(Mode::Accept).await;
        sqlx::query("UPDATE outbox SET next_attempt_at = $1").bind(app::db::now()).execute(&db.pool).await.unwrap();
        assert_eq!(mailer(accepting.addr.port()).deliver_due(&db.pool).await.unwrap(), Round { sent: 1, failed: 0 });
        let s = &states(&db).await[0];
        assert!(s.sent && s.attempts == 3 && s.last_error.is_none(), "{s:?}");
        assert_eq!(accepting.mails().len(), 1);
        db.drop_db().await;
    })
}

#[test]
fn smtp_gives_up_after_the_last_attempt() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let refusing = Sink::start(Mode::Refuse).await;
        enqueue(&db, "lea@example.org", "Sujet", "Corps.\n").await;
        sqlx::query("UPDATE outbox SET attempts = $1").bind(MAX_ATTEMPTS - 1).execute(&db.pool).await.unwrap();
        assert_eq!(mailer(refusing.addr.port()).deliver_due(&db.pool).await.unwrap(), Round { sent: 0, failed: 1 });
        // Even when due, a given-up mail is not claimed again.
        sqlx::query("UPDATE outbox SET next_attempt_at = NULL").execute(&db.pool).await.unwrap();
        let accepting = Sink::start(Mode::Accept).await;
        assert_eq!(mailer(accepting.addr.port()).deliver_due(&db.pool).await.unwrap(), Round::default());
        let s = &states(&db).await[0];
        assert!(!s.sent && s.attempts == MAX_ATTEMPTS, "{s:?}");
        // An address that cannot be parsed is given up at once.
        enqueue(&db, "pas une adresse", "Sujet", "Corps.\n").await;
        assert_eq!(mailer(accepting.addr.port()).deliver_due(&db.pool).await.unwrap(), Round { sent: 0, failed: 1 });
        assert_eq!(states(&db).await[1].attempts, MAX_ATTEMPTS);
        assert!(accepting.mails().is_empty());
        db.drop_db().await;
    })
}

/// Several instances sharing a database: concurrent claims never hand out a mail twice.
#[test]
fn smtp_outbox_claims_are_exclusive() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        for i in 0..30 {
            enqueue(&db, &format!("u{i}@example.org"), "Sujet", "Corps.\n").await;
        }
        let mut workers = Vec::new();
        for _ in 0..4 {
            let pool = db.pool.clone();
            workers.push(tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let batch = outbox::claim(&pool, 3, chrono::Duration::minutes(10)).await.unwrap();
                    if batch.is_empty() {
                        return mine;
                    }
                    mine.extend(batch.into_iter().map(|m| m.id));
                }
            }));
        }
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.unwrap());
        }
        all.sort();
        let ids: Vec<i64> = states(&db).await.iter().map(|s| s.id).collect();
        assert_eq!(all, ids, "every mail claimed exactly once");
        db.drop_db().await;
    })
}

#[test]
fn smtp_background_sender_wakes_up_for_new_mail() {
    crate::helpers::run(async {
        let db = TestDb::new().await;
        let sink = Sink::start(Mode::Accept).await;
        // A poll interval of an hour: only the wake-up can make this mail leave in time.
        let task = tokio::spawn(mailer(sink.addr.port()).with_poll_interval(Duration::from_secs(3600)).run(db.pool.clone()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        enqueue(&db, "lea@example.org", "Sujet", "Corps.\n").await;
        outbox::wake();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        while sink.mails().is_empty() && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        task.abort();
        assert_eq!(sink.mails().len(), 1);
        db.drop_db().await;
    })
}
