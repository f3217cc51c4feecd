/* The subcommands of qaudit; each parses its own arguments, prints, and returns an exit status. */
#ifndef COMMANDS_H
#define COMMANDS_H

int cmd_audit(int argc, char **argv);     /* qaudit audit ... (argv[0] is "audit") */
int cmd_rubric(int argc, char **argv);    /* qaudit rubric --print-default | --check FILE */
int cmd_explain(int argc, char **argv);   /* qaudit explain INPUT... --session ID */
int cmd_calibrate(int argc, char **argv); /* qaudit calibrate --grades FILE INPUT... */
int cmd_map(int argc, char **argv);       /* qaudit map -o PARTIAL INPUT... */
int cmd_merge(int argc, char **argv);     /* qaudit merge -o DIR PARTIAL... */
int cmd_split(int argc, char **argv);     /* qaudit split -P N -o DIR INPUT... */

#endif
