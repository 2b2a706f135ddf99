//! A real SMTP server on loopback for the tests (Debian's python3-aiosmtpd through
//! `tests/support/smtp_server.py`) and a self-signed certificate made by the openssl CLI.
#![allow(dead_code)]

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

pub const USER: &str = "office";
pub const PASSWORD: &str = "s3cret-Smtp-pa55";

/// The SMTP server, stopped (stdin closed, then killed) when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    inbox: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(mode: &str, cert: Option<&Cert>, login: bool) -> Server {
        let inbox = tempfile::tempdir().unwrap();
        let script = super::repo_root().join("tests/support/smtp_server.py");
        // Debian's own interpreter: python3-aiosmtpd installs there (a pyenv or venv
        // python3 earlier on PATH would not see it).
        let python = if Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let mut cmd = Command::new(python);
        cmd.arg(script).arg(inbox.path()).arg(mode);
        if let Some(c) = cert {
            cmd.arg(&c.cert).arg(&c.key);
        }
        if login {
            cmd.args([USER, PASSWORD]);
        }
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("the SMTP server did not start: {line:?}"));
        Server { child, port, inbox }
    }

    /// The messages received so far, oldest first.
    pub fn received(&self) -> Vec<Value> {
        let mut out = Vec::new();
        for n in 1.. {
            let p = self.inbox.path().join(format!("msg-{n}.json"));
            match std::fs::read(&p) {
                Ok(b) => out.push(serde_json::from_slice(&b).unwrap()),
                Err(_) => break,
            }
        }
        out
    }
}

/// A self-signed server certificate for 127.0.0.1 made with the openssl CLI.
pub struct Cert {
    _dir: tempfile::TempDir,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub pem: String,
}

pub fn self_signed() -> Cert {
    let dir = tempfile::tempdir().unwrap();
    let conf = dir.path().join("req.cnf");
    std::fs::write(
        &conf,
        "[req]\ndistinguished_name=dn\nx509_extensions=ext\nprompt=no\n[dn]\nCN=127.0.0.1\n\
         [ext]\nsubjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let ok = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "3"])
        .arg("-config")
        .arg(&conf)
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("the openssl CLI");
    assert!(ok.success());
    let pem = std::fs::read_to_string(&cert).unwrap();
    Cert {
        _dir: dir,
        cert,
        key,
        pem,
    }
}
