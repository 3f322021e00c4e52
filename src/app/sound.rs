//! The chime the room hears through the speakers (`chime = "sound"`): the project's own WAV
//! (`assets/chime.wav`, made by `cargo run --example chime`), played by the first system player
//! found (`pw-play`, `paplay`, `aplay`, `afplay`) or the one the config names. Playing happens on
//! a thread of its own, the player's output discarded and a player that hangs killed: a sound
//! never delays a frame. Over ssh the sound would come out of the remote machine, so there it is
//! only played when the config names a player.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The chime's sound.
const WAV: &[u8] = include_bytes!("../../assets/chime.wav");

/// The players tried, in order, when the config names none.
const PLAYERS: [&str; 4] = ["pw-play", "paplay", "aplay", "afplay"];

/// The longest a player may take for one chime before it is killed.
const HANG: Duration = Duration::from_secs(5);

/// A way to play the chime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Player {
    program: PathBuf,
    args: Vec<String>,
    wav: PathBuf,
}

impl Player {
    /// The player to use: `configured` (a command line, the WAV's path added at its end), else
    /// the first of [`PLAYERS`] on the `PATH`. The WAV is written once into `folder`. Says why
    /// there is none: the facilitator's view shows it, never the room's.
    pub fn find(configured: Option<&str>, folder: &Path) -> Result<Self, String> {
        let (program, args) = match configured {
            Some(command) => {
                let mut words = command.split_whitespace().map(str::to_owned);
                let program = words.next().ok_or("the config's `player` is empty")?;
                (on_path(&program).ok_or(format!("the config's player `{program}` was not found"))?, words.collect())
            }
            None if over_ssh() => {
                return Err("no chime sound over ssh (it would play on the remote machine); name a `player` in the config to play anyway".into());
            }
            None => {
                let found = PLAYERS.iter().find_map(|p| on_path(p));
                (
                    found
                        .ok_or("no sound player found (pw-play, paplay, aplay, afplay): the chime will not be heard")?,
                    Vec::new(),
                )
            }
        };
        let wav = folder.join("chime.wav");
        let current = crate::files::read(&wav, WAV.len() as u64, "the chime").is_ok_and(|b| b == WAV);
        if !current {
            crate::files::write_atomic(&wav, WAV).map_err(|e| format!("cannot write the chime's sound: {e}"))?;
        }
        Ok(Self { program, args, wav })
    }

    /// Plays the chime `times` times in a row, on a thread of its own.
    pub fn play(&self, times: u8) {
        let player = self.clone();
        let spawned = std::thread::Builder::new().name("chime".into()).spawn(move || {
            for _ in 0..times {
                if let Err(e) = player.once() {
                    crate::app::log::write(&format!("the chime could not be played: {e}"));
                    return;
                }
            }
        });
        if let Err(e) = spawned {
            crate::app::log::write(&format!("no thread to play the chime: {e}"));
        }
    }

    fn once(&self) -> std::io::Result<()> {
        let mut child = Command::new(&self.program)
            .args(&self.args)
            .arg(&self.wav)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        let deadline = Instant::now() + HANG;
        loop {
            if child.try_wait()?.is_some() {
                return Ok(());
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(std::io::Error::other("the player hung, and was stopped"));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Whether this process runs over ssh.
fn over_ssh() -> bool {
    std::env::var_os("SSH_CONNECTION").is_some() || std::env::var_os("SSH_TTY").is_some()
}

/// `program` found on the `PATH` (or as given, when it names a path).
fn on_path(program: &str) -> Option<PathBuf> {
    let named = Path::new(program);
    if named.components().count() > 1 {
        return named.is_file().then(|| named.to_owned());
    }
    std::env::var_os("PATH")
        .and_then(|path| std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_player_plays_the_chime_and_one_that_hangs_is_stopped() {
        let dir = crate::files::scratch("sound");
        std::fs::create_dir_all(&dir).expect("a folder");
        let found = Player::find(Some("true --quiet"), &dir).expect("`true` is on every PATH");
        assert_eq!(found.args, ["--quiet"]);
        assert_eq!(std::fs::read(dir.join("chime.wav")).expect("written"), WAV);
        assert!(found.once().is_ok());
        let missing = Player::find(Some("no-such-player-here"), &dir);
        assert!(missing.as_ref().is_err_and(|why| why.contains("was not found")), "{missing:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
