#!/usr/bin/env bash
# A one-node Slurm cluster on localhost for the Slurm tests (src/cli/experiment-slurm.test.ts): installs Debian's
# slurm-wlm and munge when missing, writes a minimal configuration (unless the machine has its own), starts munged,
# slurmctld and slurmd, and waits until the node is idle. Idempotent: what is installed or running is left as it is.
# Needs root (apt-get, the daemons); run by .ci/run before the tests. Without it, the Slurm tests skip and say why.
set -euo pipefail

CONF=/etc/slurm/slurm.conf
MARK='# written by actlab .ci/slurm-setup.sh'
log() { echo "slurm-setup: $*"; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  log 'installing slurm-wlm and munge'
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

# munge: the key slurm's daemons and clients authenticate with (the package usually made one already).
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key
  chmod 400 /etc/munge/munge.key
fi
mkdir -p /run/munge /var/log/munge /var/lib/munge
chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n >/dev/null 2>&1; then
  log 'starting munged'
  runuser -u munge -- /usr/sbin/munged
fi
for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.1; done
munge -n | unmunge >/dev/null

# A minimal configuration: this host as controller and as one compute node with all its cores, no cgroups (a
# container has none to give), no accounting database.
if [ ! -e "$CONF" ] || grep -qF "$MARK" "$CONF"; then
  cpus=$(nproc)
  mem_mb=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 * 9 / 10 ))
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  cat >"$CONF.new" <<EOF
$MARK
ClusterName=actlab
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
KillWait=10
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  if cmp -s "$CONF.new" "$CONF"; then rm "$CONF.new"; else mv "$CONF.new" "$CONF"; changed=1; fi
fi

alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
if [ -n "${changed:-}" ] && alive /run/slurmctld.pid; then
  log 'configuration changed: reloading'
  scontrol reconfigure || true
fi
if ! alive /run/slurmctld.pid; then
  log 'starting slurmctld'
  slurmctld
fi
if ! alive /run/slurmd.pid; then
  log 'starting slurmd'
  slurmd -N localhost
fi

# The node registers within seconds; one left down or drained by an earlier run is put back in service.
for i in $(seq 120); do
  state=$(sinfo -h -n localhost -o %t 2>/dev/null || true)
  case "$state" in
    idle | mix | alloc) log "node localhost is $state"; exit 0 ;;
    down* | drain* | drng*) [ $((i % 10)) -eq 0 ] && scontrol update nodename=localhost state=resume 2>/dev/null || true ;;
  esac
  sleep 0.5
done
log "node localhost did not become idle (state: '${state:-none}'); see /var/log/slurm/slurmctld.log and slurmd.log" >&2
exit 1
