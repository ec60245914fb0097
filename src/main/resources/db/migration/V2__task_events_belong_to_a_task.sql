-- A task's events cannot outlive it or belong to no task. EclipseLink could not keep this foreign
-- key (it tried to add it again at every start); the migrations can. Events of no task, if any,
-- go first: the constraint could not be added over them. Same SQL for H2 and PostgreSQL.
DELETE FROM OFFLOAD_TASK_EVENTS
 WHERE TASK_ID IS NULL OR TASK_ID NOT IN (SELECT ID FROM OFFLOAD_TASKS);

ALTER TABLE OFFLOAD_TASK_EVENTS ALTER COLUMN TASK_ID SET NOT NULL;

ALTER TABLE OFFLOAD_TASK_EVENTS
  ADD CONSTRAINT OFFLOAD_TASK_EVENTS_TASK_FK FOREIGN KEY (TASK_ID)
  REFERENCES OFFLOAD_TASKS (ID) ON DELETE CASCADE;
