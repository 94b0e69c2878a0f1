/* commands.h - one entry point per `kmembench` subcommand.
 * Each takes the arguments after the subcommand name (argv[0] is the
 * subcommand) and returns the process exit status: 0 ok, 1 could not be
 * carried out, 2 bad usage or bad input. */
#ifndef KMB_COMMANDS_H
#define KMB_COMMANDS_H

int cmd_info(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_cleanup(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_micro(int argc, char **argv);
int cmd_stock(int argc, char **argv);

#endif
