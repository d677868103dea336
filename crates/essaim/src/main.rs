//! The `essaim` command: `serve` (default), `migrate`, `admin grant EMAIL ROLE`,
//! `admin revoke EMAIL ROLE`, `retention [--dry-run]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use essaim::{open_store, start, Config};
use essaim_domain::identity::Email;
use essaim_domain::staff::StaffRole;
use essaim_store::audit::AuditEntry;
use essaim_store::now;

#[derive(Parser)]
#[command(name = "essaim", about = "La plateforme du mouvement citoyen")]
struct Cli {
    /// Configuration file (optional; environment variables ESSAIM_* override it).
    #[arg(long, default_value = "essaim.toml")]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Delete what the retention rules say is no longer kept (`--dry-run`: only list it).
    Retention {
        /// Print what would be deleted, and delete nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Staff administration.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
}

#[derive(Subcommand)]
enum AdminAction {
    /// Put the person who signed with EMAIL on the staff with ROLE: admin (everything),
    /// communication, moderation, groupes (groups and events), finance (donations and
    /// material), coordination (the programme's syntheses).
    Grant {
        email: String,
        #[arg(value_parser = role_codes())]
        role: String,
    },
    /// Take ROLE from the person who signed with EMAIL.
    Revoke {
        email: String,
        #[arg(value_parser = role_codes())]
        role: String,
    },
}

fn role_codes() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(StaffRole::ALL.map(StaffRole::code))
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let config = match Config::load(&cli.config) {
        Ok(config) => config,
        Err(error) => return fail(&format!("configuration invalide : {error}")),
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => match open_store(&config).await {
            Ok(_) => {
                println!("Base de données à jour.");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
        Command::Retention { dry_run } => retention(config, dry_run).await,
        Command::Admin { action } => {
            let (email, role, granted) = match action {
                AdminAction::Grant { email, role } => (email, role, true),
                AdminAction::Revoke { email, role } => (email, role, false),
            };
            let role = StaffRole::from_code(&role).expect("clap checked the code");
            change_role(config, &email, role, granted).await
        }
    }
}

async fn serve(config: Config) -> ExitCode {
    let running = match start(config).await {
        Ok(running) => running,
        Err(error) => return fail(&error),
    };
    println!("Essaim écoute sur {} ({})", running.addr, running.base_url);
    let mut running = running;
    tokio::select! {
        result = &mut running.server => match result {
            Ok(Ok(())) => ExitCode::SUCCESS,
            Ok(Err(error)) => fail(&format!("le serveur s'est arrêté : {error}")),
            Err(error) => fail(&format!("le serveur s'est arrêté : {error}")),
        },
        _ = stop_signal() => {
            println!("Arrêt demandé : fin des requêtes en cours et des envois d'emails…");
            running.shutdown().await;
            ExitCode::SUCCESS
        }
    }
}

/// Ctrl-C, or SIGTERM (what systemd, Docker and most hosts send to stop a service).
async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut terminate =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                .expect("SIGTERM can be listened to");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// Grants or revokes a role, and writes it to the audit log (from the command line: no staff
/// member to name, the machine's operator did it).
async fn change_role(config: Config, email: &str, role: StaffRole, granted: bool) -> ExitCode {
    let email = match Email::parse(email) {
        Ok(email) => email,
        Err(message) => return fail(&message),
    };
    let store = match open_store(&config).await {
        Ok(store) => store,
        Err(error) => return fail(&error),
    };
    let done = if granted {
        store
            .grant_staff_role(email.normalized(), role, now())
            .await
    } else {
        store.revoke_role(email.normalized(), role.code()).await
    };
    let subject = format!("{} : rôle {}", email.as_str(), role.code());
    let entry = AuditEntry {
        actor_id: None,
        actor: "ligne de commande",
        action: if granted { "grant" } else { "revoke" },
        subject: &subject,
        ip: None,
    };
    match done {
        Ok(true) => {
            if let Err(error) = store.audit(&entry, now()).await {
                return fail(&error.to_string());
            }
            if granted {
                println!("{} a le rôle « {} ».", email.as_str(), role.label());
            } else {
                println!("{} n'a plus le rôle « {} ».", email.as_str(), role.label());
            }
            ExitCode::SUCCESS
        }
        Ok(false) if granted => fail(&format!(
            "personne n'a signé avec {} : la personne doit d'abord signer.",
            email.as_str()
        )),
        Ok(false) => fail(&format!(
            "{} n'avait pas le rôle « {} ».",
            email.as_str(),
            role.label()
        )),
        Err(error) => fail(&error.to_string()),
    }
}

async fn retention(config: Config, dry_run: bool) -> ExitCode {
    let store = match open_store(&config).await {
        Ok(store) => store,
        Err(error) => return fail(&error),
    };
    let policy = essaim::retention::RetentionPolicy::of(&config);
    let report = if dry_run {
        essaim::retention::dry_run(&store, &policy, now()).await
    } else {
        essaim::retention::apply(&store, &policy, now()).await
    };
    match report {
        Ok(report) => {
            for line in essaim::retention::describe(&report, dry_run) {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error.to_string()),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("essaim : {message}");
    ExitCode::FAILURE
}
