//! A crash must not write the process's memory (the data key, decrypted
//! pages, what the member was typing) to a core file, and another program
//! of the same user must not read it with a debugger. Release builds call
//! `forbid` at start; debug builds keep dumps for developers.

#[derive(Debug, thiserror::Error)]
#[error("core dumps could not be turned off")]
pub struct CoreDumpError(#[source] std::io::Error);

pub fn forbid() -> Result<(), CoreDumpError> {
    #[cfg(unix)]
    {
        let none = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads the struct we pass and changes only this
        // process's own limit.
        if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) } != 0 {
            return Err(CoreDumpError(std::io::Error::last_os_error()));
        }
    }
    #[cfg(target_os = "linux")]
    {
        // SAFETY: PR_SET_DUMPABLE takes plain integers and affects only
        // this process (no dumps, no ptrace by other processes of the user).
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0) } != 0 {
            return Err(CoreDumpError(std::io::Error::last_os_error()));
        }
    }
    Ok(())
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    // nextest runs each test in its own process, so this changes no other test.
    #[test]
    fn no_core_file_and_no_dumpable_flag() {
        forbid().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 1,
            rlim_max: 1,
        };
        // SAFETY: getrlimit writes into the struct we own.
        assert_eq!(unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) }, 0);
        assert_eq!((limit.rlim_cur, limit.rlim_max), (0, 0));
        // SAFETY: PR_GET_DUMPABLE only reads this process's flag.
        assert_eq!(unsafe { libc::prctl(libc::PR_GET_DUMPABLE, 0, 0, 0, 0) }, 0);
    }
}
