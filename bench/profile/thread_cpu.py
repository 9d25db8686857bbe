"""Prints each thread of a process with its CPU time: "TID<TAB>SECONDS<TAB>NAME" per line.

usage: thread_cpu.py PID
Reads /proc/PID/task/*/stat (utime + stime, in clock ticks) and comm (the thread's name, which the
JVM sets to the Java thread name, cut to 15 characters).
"""
import os
import sys

pid = sys.argv[1]
ticks = os.sysconf("SC_CLK_TCK")
for tid in sorted(os.listdir(f"/proc/{pid}/task"), key=int):
    try:
        with open(f"/proc/{pid}/task/{tid}/stat") as f:
            stat = f.read()
        with open(f"/proc/{pid}/task/{tid}/comm") as f:
            name = f.read().strip()
    except OSError:
        continue  # the thread ended meanwhile
    fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
    utime, stime = int(fields[11]), int(fields[12])
    print(f"{tid}\t{(utime + stime) / ticks:.2f}\t{name}")
