//! The sender for emails that do not leave the machine: takes whatever emails are waiting (up
//! to a few hundred) and appends them to the mbox file in one write, from a blocking thread, or
//! puts them in the mail bag.

use lettre::message::Mailbox;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::{Done, Job, Outcome};
use crate::mbox::MboxFile;
use crate::message::to_wire;
use crate::Mailbag;

const MOST_PER_WRITE: usize = 512;

/// Where the messages go.
pub(super) enum Local {
    Mbox(MboxFile),
    Bag(Mailbag),
}

pub(super) fn spawn(
    local: Local,
    from: Mailbox,
    mut jobs: mpsc::Receiver<Job>,
    done: mpsc::UnboundedSender<Done>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut batch = Vec::with_capacity(MOST_PER_WRITE);
        while jobs.recv_many(&mut batch, MOST_PER_WRITE).await > 0 {
            let mut written = Vec::with_capacity(batch.len());
            let mut messages = Vec::with_capacity(batch.len());
            for job in batch.drain(..) {
                match to_wire(&from, &job.email, job.message_id.clone()) {
                    Ok(wire) => {
                        messages.push(wire.bytes);
                        written.push(job);
                    }
                    Err(error) => finish(
                        &done,
                        job,
                        Outcome::Failed {
                            error,
                            permanent: true,
                        },
                    ),
                }
            }
            let result = match &local {
                Local::Mbox(file) => {
                    let file = file.clone();
                    tokio::task::spawn_blocking(move || file.append(&messages))
                        .await
                        .map_err(|e| e.to_string())
                        .and_then(|written| written.map_err(|e| e.to_string()))
                }
                Local::Bag(bag) => {
                    bag.put(messages);
                    Ok(())
                }
            };
            for job in written {
                let outcome = match &result {
                    Ok(()) => Outcome::Sent,
                    Err(error) => Outcome::Failed {
                        error: format!("écriture du fichier mbox impossible : {error}"),
                        permanent: false,
                    },
                };
                finish(&done, job, outcome);
            }
        }
    })
}

fn finish(done: &mpsc::UnboundedSender<Done>, job: Job, outcome: Outcome) {
    let _ = done.send(Done {
        id: job.id,
        attempts: job.attempts,
        outcome,
        permit: job.permit,
    });
}
