#!/bin/bash
# usage: perfrun.sh JAR OUT ; one round of 1000 connections, perf stat of the client JVM for 5 s in each measured phase
JAR=$1; OUT=$2
EV='syscalls:sys_enter_read,syscalls:sys_enter_readv,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_futex,raw_syscalls:sys_enter'
uptime > $OUT
unshare -n sh -c "ip link set lo up; exec java -jar $JAR clients --connections=${CONN:-1000} --rounds=1" >> $OUT 2>&1 &
sleep 2
PID=$(pgrep -f "java -jar $JAR clients" | head -1)
for phase in bench-nio-clien reconnecting-so; do
  until grep -qx "$phase" /proc/$PID/task/*/comm 2>/dev/null; do sleep 0.2; done
  if [ $phase = bench-nio-clien ]; then sleep 5; else sleep 7; fi
  echo "--- perf stat 5 s, client JVM, phase $phase" >> $OUT.perf
  perf stat -e $EV -p $PID -- sleep 5 >> $OUT.perf 2>&1
done
wait
uptime >> $OUT
cat $OUT.perf >> $OUT; rm $OUT.perf
